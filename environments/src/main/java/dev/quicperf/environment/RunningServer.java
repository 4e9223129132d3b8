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

    /**
     * The UDP datagrams counted in the server's own network namespace, where it has one to
     * itself; empty where it shares the host's (then only the server's own count is there).
     */
    default java.util.Optional<UdpCounters> udpCounters() {
        return java.util.Optional.empty();
    }

    /**
     * The server's process id as this host sees it, for a tool that acts on the process from
     * outside (a cgroup, perf, gdb); empty where the server is no host process (a VM).
     */
    default java.util.OptionalLong hostPid() {
        return java.util.OptionalLong.empty();
    }

    Path stdoutLog();

    Path stderrLog();

    @Override
    void close();
}
