package dev.quicperf.adapter;

import java.nio.file.Path;
import java.util.List;

/**
 * What an environment asks of a server: where to listen and which certificate to present.
 * Port 0 lets the server pick one and announce it on its readiness line.
 */
public record ServerOptions(String host, int port, Path certificate, Path privateKey) {

    public List<String> toArgs() {
        return List.of("--host", host, "--port", Integer.toString(port),
                "--cert", certificate.toString(), "--key", privateKey.toString());
    }

    public List<Path> files() {
        return List.of(certificate, privateKey);
    }
}
