package dev.quicperf.adapter.cpu;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Reads a Linux process's CPU time from /proc. */
public final class ProcCpu {

    /** {@code AT_CLKTCK} in the ELF auxiliary vector: the kernel's USER_HZ. */
    private static final long AT_CLKTCK = 17;

    private final long tickNanos;

    ProcCpu(long clockTicksPerSecond) {
        this.tickNanos = 1_000_000_000L / clockTicksPerSecond;
    }

    /**
     * The kernel's USER_HZ, read from this process's auxiliary vector (what {@code getconf CLK_TCK}
     * asks too) so that no process is started for it; 100 where it cannot be read, which is what
     * every mainstream Linux build uses.
     */
    public static ProcCpu forThisHost() {
        long hz = 100;
        try {
            ByteBuffer auxv = ByteBuffer.wrap(Files.readAllBytes(Path.of("/proc/self/auxv")))
                    .order(ByteOrder.nativeOrder());
            while (auxv.remaining() >= 16) {
                long type = auxv.getLong();
                long value = auxv.getLong();
                if (type == AT_CLKTCK && value > 0) {
                    hz = value;
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or /proc hidden: keep the default.
        }
        return new ProcCpu(hz);
    }

    /** CPU time of process {@code pid} now; fails when it has exited. */
    public CpuSnapshot read(long pid) {
        try {
            return read(Path.of("/proc", Long.toString(pid)));
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("process " + pid + " has exited; its CPU time can no longer be read");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read CPU time of process " + pid + " from /proc/" + pid, e);
        }
    }

    /** CPU time of the calling process now. */
    public CpuSnapshot readSelf() throws IOException {
        return read(Path.of("/proc/self"));
    }

    private CpuSnapshot read(Path proc) throws IOException {
        String stat = Files.readString(proc.resolve("stat"));
        // Fields after the command name, which is in parentheses and may hold spaces.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long utime = Long.parseLong(f[11]);
        long stime = Long.parseLong(f[12]);
        return new CpuSnapshot(utime * tickNanos, stime * tickNanos, tickNanos, threadTimes(proc));
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
