package dev.quicperf.environment.profile;

/** The profiler could not start, stop or write its samples; the message says why and what to do. */
public class ProfilerException extends Exception {

    public ProfilerException(String message) {
        super(message);
    }

    public ProfilerException(String message, Throwable cause) {
        super(message, cause);
    }
}
