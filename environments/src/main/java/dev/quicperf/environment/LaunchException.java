package dev.quicperf.environment;

import java.io.IOException;

/** A process that could not be started as asked: a missing program, a server that never got ready. */
public class LaunchException extends IOException {

    public LaunchException(String message) {
        super(message);
    }
}
