package dev.quicperf.environment;

import dev.quicperf.adapter.cpu.CpuSnapshot;
import dev.quicperf.environment.profile.Profiler;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A server that is another server with something around it (its namespaces, a CPU quota): all
 * calls go to the inner one; a subclass overrides what it adds, and {@link #close()} to undo it.
 */
public abstract class ForwardingServer implements RunningServer {

    protected final RunningServer inner;

    protected ForwardingServer(RunningServer inner) {
        this.inner = inner;
    }

    @Override
    public String host() {
        return inner.host();
    }

    @Override
    public int port() {
        return inner.port();
    }

    @Override
    public CpuSnapshot cpu() {
        return inner.cpu();
    }

    @Override
    public boolean isAlive() {
        return inner.isAlive();
    }

    @Override
    public Profiler profiler() {
        return inner.profiler();
    }

    @Override
    public Optional<UdpCounters> udpCounters() {
        return inner.udpCounters();
    }

    @Override
    public OptionalLong hostPid() {
        return inner.hostPid();
    }

    @Override
    public Path stdoutLog() {
        return inner.stdoutLog();
    }

    @Override
    public Path stderrLog() {
        return inner.stderrLog();
    }

    @Override
    public void close() {
        inner.close();
    }
}
