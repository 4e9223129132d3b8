package dev.quicperf.suite.browser;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Waiting, and durations in messages, the same way for every part of the browser. */
final class Durations {

    private Durations() {
    }

    /** Sleeps; being interrupted ends the caller's wait with an exception, the flag set again. */
    static void sleep(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** {@code d} for a message: whole seconds as "30 s", anything else in milliseconds. */
    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
