package dev.quicperf.environment;

import dev.quicperf.environment.profile.CollapsedStacks;
import dev.quicperf.environment.profile.PerfScriptStacks;
import dev.quicperf.environment.profile.Profiler;
import dev.quicperf.environment.profile.ProfilerException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Linux perf sampling a native server: {@code perf record -e cpu-clock} with DWARF call
 * chains (Debian's libc has no frame pointers, so {@code -g} would stop there), then
 * {@code perf script} into collapsed stacks. DWARF unwinding copies each sample's stack, so
 * the interval has a floor and each window lasts one profiled run.
 */
final class HostPerfProfiler implements Profiler {

    static final Path PERF = Path.of("/usr/bin/perf");
    /** DWARF samples carry 16 KiB of stack each: no finer than this. */
    static final long MIN_INTERVAL_NANOS = 500_000;

    private final long pid;
    private final Path workDir;
    private final ProcessReaper reaper;
    private Process record;
    private Path data;
    private int windows;

    HostPerfProfiler(long pid, Path workDir, ProcessReaper reaper) {
        this.pid = pid;
        this.workDir = workDir;
        this.reaper = reaper;
    }

    @Override
    public Optional<String> unavailableBecause() {
        return Files.isExecutable(PERF) ? Optional.empty()
                : Optional.of(PERF + " is missing: install Linux perf (Debian: apt-get install linux-perf)");
    }

    /** perf script takes 2-4 s a window here (DWARF unwinding most of it): none beyond the plan. */
    @Override
    public int extraWindowsWorthIt() {
        return 0;
    }

    @Override
    public String describe() {
        return "Linux perf, cpu-clock, " + (callGraph().equals("fp") ? "frame-pointer" : "DWARF")
                + " call chains (native + kernel frames)";
    }

    /**
     * DWARF unwinding needs the program's {@code .eh_frame}; a program without one (Go's
     * binaries) keeps frame pointers instead, and this perf does not read {@code .debug_frame}:
     * with DWARF each of its samples would keep only its leaf frame.
     */
    private String callGraph() {
        if (callGraph == null) {
            java.util.Set<String> sections = dev.quicperf.environment.profile.ElfSections.of(
                    Path.of("/proc", Long.toString(pid), "exe"));
            callGraph = !sections.isEmpty() && !sections.contains(".eh_frame") ? "fp" : "dwarf,16384";
        }
        return callGraph;
    }

    private String callGraph;

    @Override
    public long start(long intervalNanos) throws ProfilerException {
        if (record != null) {
            throw new ProfilerException("a perf window is already open for server " + pid);
        }
        long interval = Math.max(MIN_INTERVAL_NANOS, intervalNanos);
        data = workDir.resolve("perf-" + (++windows) + ".data");
        ProcessBuilder pb = new ProcessBuilder(PERF.toString(), "record", "-e", "cpu-clock", "-c", Long.toString(interval),
                "--call-graph", callGraph(), "-p", Long.toString(pid), "-o", data.toString(), "-q")
                .redirectErrorStream(true).redirectOutput(workDir.resolve("perf.log").toFile());
        try {
            record = reaper.start(pb);
            // perf writes its header once it has attached to every thread; sample only after that.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!Files.isRegularFile(data) || Files.size(data) == 0) {
                if (!record.isAlive() || System.nanoTime() > deadline) {
                    throw new ProfilerException("perf record did not start on server " + pid + ": " + logTail());
                }
                Thread.sleep(10);
            }
        } catch (IOException e) {
            throw new ProfilerException("cannot run " + PERF + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProfilerException("interrupted while perf record started");
        } catch (ProfilerException e) {
            reaper.destroy(record, 1000);
            record = null;
            throw e;
        }
        return interval;
    }

    @Override
    public CollapsedStacks stop(Path collapsedFile) throws ProfilerException {
        if (record == null) {
            throw new ProfilerException("no perf window is open for server " + pid);
        }
        // SIGTERM: perf record stops sampling and finishes its file.
        reaper.destroy(record, 10_000);
        record = null;
        ProcessBuilder pb = new ProcessBuilder(PERF.toString(), "script", "-i", data.toString(), "-F",
                "comm,tid,ip,sym,dso").redirectError(workDir.resolve("perf-script.log").toFile());
        try {
            Process script = reaper.start(pb);
            CollapsedStacks stacks;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(script.getInputStream(),
                    StandardCharsets.UTF_8))) {
                stacks = PerfScriptStacks.parse(out, "perf script of " + data);
            } finally {
                reaper.destroy(script, 5000);
            }
            stacks.write(collapsedFile);
            Files.deleteIfExists(data);
            return stacks;
        } catch (IOException e) {
            throw new ProfilerException("perf script failed on " + data + ": " + e.getMessage() + "; " + logTail(), e);
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(workDir.resolve("perf.log"));
            return "perf says: " + String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no perf log)";
        }
    }
}
