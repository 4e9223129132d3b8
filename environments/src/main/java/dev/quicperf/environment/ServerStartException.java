package dev.quicperf.environment;

/** A server that exited or never announced readiness; the message carries its last log lines. */
public class ServerStartException extends LaunchException {

    public ServerStartException(String message) {
        super(message);
    }
}
