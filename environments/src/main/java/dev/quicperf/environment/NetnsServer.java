package dev.quicperf.environment;

import java.util.Optional;

/** A host-process server inside its namespace pair; closing it ends the server, then the namespaces. */
final class NetnsServer extends ForwardingServer {

    private final HostServer server;
    private final NetnsPair pair;
    private final Runnable onClose;

    NetnsServer(HostServer server, NetnsPair pair, Runnable onClose) {
        super(server);
        this.server = server;
        this.pair = pair;
        this.onClose = onClose;
    }

    @Override
    public Optional<UdpCounters> udpCounters() {
        return Optional.of(UdpCounters.ofProcess(server.pid()));
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
