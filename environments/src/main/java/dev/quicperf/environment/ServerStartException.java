package dev.quicperf.environment;

import java.io.IOException;

/** A server that exited or never announced readiness; the message carries its last log lines. */
public class ServerStartException extends IOException {

    public ServerStartException(String message) {
        super(message);
    }
}
