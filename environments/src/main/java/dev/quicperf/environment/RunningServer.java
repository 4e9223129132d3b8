package dev.quicperf.environment;

import dev.quicperf.adapter.cpu.CpuSnapshot;
import java.nio.file.Path;

/**
 * A server that listens. Closing it ends its whole process tree (or container, or VM),
 * whatever happened before.
 */
public interface RunningServer extends AutoCloseable {

    String host();

    int port();

    /** CPU the server has used so far; take one before and one after a run and subtract. */
    CpuSnapshot cpu();

    boolean isAlive();

    /**
     * Samples the server's stacks for the CPU breakdown, in windows the harness chooses. A
     * server that cannot be profiled here answers with a profiler that says why.
     */
    default dev.quicperf.environment.profile.Profiler profiler() {
        return dev.quicperf.environment.profile.Profiler.unavailable("this environment has no profiler");
    }

    Path stdoutLog();

    Path stderrLog();

    @Override
    void close();
}
