package dev.quicperf.environment;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Reads a Linux process's CPU time from /proc. */
final class ProcCpu {

    private final long tickNanos;

    ProcCpu(long clockTicksPerSecond) {
        this.tickNanos = 1_000_000_000L / clockTicksPerSecond;
    }

    /** The kernel's USER_HZ as {@code getconf CLK_TCK} reports it. */
    static ProcCpu forThisHost() {
        long hz = 100;
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            if (p.waitFor() == 0 && out.matches("\\d+")) {
                hz = Long.parseLong(out);
            }
        } catch (IOException e) {
            // getconf missing: USER_HZ is 100 on every mainstream Linux build.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new ProcCpu(hz);
    }

    CpuSnapshot read(long pid) {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            String stat = Files.readString(proc.resolve("stat"));
            // Fields after the command name, which is in parentheses and may hold spaces.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long utime = Long.parseLong(f[11]);
            long stime = Long.parseLong(f[12]);
            return new CpuSnapshot(utime * tickNanos, stime * tickNanos, tickNanos, threadTimes(proc));
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("process " + pid + " has exited; its CPU time can no longer be read");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read CPU time of process " + pid + " from " + proc, e);
        }
    }

    private static Map<Long, Long> threadTimes(Path proc) throws IOException {
        Map<Long, Long> times = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve("task"))) {
            for (Path task : tasks) {
                try {
                    String schedstat = Files.readString(task.resolve("schedstat"));
                    times.put(Long.parseLong(task.getFileName().toString()),
                            Long.parseLong(schedstat.substring(0, schedstat.indexOf(' '))));
                } catch (IOException exited) {
                    // The thread ended while we listed (the file is gone, or reading it fails with
                    // ESRCH while the thread is being reaped); CpuSnapshot.since falls back to ticks.
                }
            }
        }
        return times;
    }
}
