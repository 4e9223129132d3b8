package dev.quicperf.adapter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an environment asks of a server: where to listen, which certificate to present, and how
 * to move its datagrams ({@code ioMode}; empty: the stack's default). Port 0 lets the server pick
 * one and announce it on its readiness line.
 */
public record ServerOptions(String host, int port, Path certificate, Path privateKey, Optional<IoMode> ioMode) {

    /** A server in its stack's default I/O mode. */
    public ServerOptions(String host, int port, Path certificate, Path privateKey) {
        this(host, port, certificate, privateKey, Optional.empty());
    }

    public List<String> toArgs() {
        List<String> args = new ArrayList<>(List.of("--host", host, "--port", Integer.toString(port),
                "--cert", certificate.toString(), "--key", privateKey.toString()));
        ioMode.ifPresent(mode -> args.addAll(List.of("--io", mode.id())));
        return List.copyOf(args);
    }

    public List<Path> files() {
        return List.of(certificate, privateKey);
    }
}
