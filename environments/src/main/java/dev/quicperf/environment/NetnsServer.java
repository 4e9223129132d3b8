package dev.quicperf.environment;

import dev.quicperf.adapter.cpu.CpuSnapshot;
import dev.quicperf.environment.profile.Profiler;
import java.nio.file.Path;
import java.util.Optional;

/** A host-process server inside its namespace pair; closing it ends the server, then the namespaces. */
final class NetnsServer implements RunningServer {

    private final HostServer server;
    private final NetnsPair pair;
    private final Runnable onClose;

    NetnsServer(HostServer server, NetnsPair pair, Runnable onClose) {
        this.server = server;
        this.pair = pair;
        this.onClose = onClose;
    }

    @Override
    public String host() {
        return server.host();
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    public CpuSnapshot cpu() {
        return server.cpu();
    }

    @Override
    public Optional<UdpCounters> udpCounters() {
        return Optional.of(UdpCounters.ofProcess(server.pid()));
    }

    @Override
    public boolean isAlive() {
        return server.isAlive();
    }

    @Override
    public Profiler profiler() {
        return server.profiler();
    }

    @Override
    public Path stdoutLog() {
        return server.stdoutLog();
    }

    @Override
    public Path stderrLog() {
        return server.stderrLog();
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            pair.close();
            onClose.run();
        }
    }
}
