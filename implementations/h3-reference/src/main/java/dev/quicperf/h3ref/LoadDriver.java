package dev.quicperf.h3ref;

import java.util.concurrent.CompletableFuture;

/**
 * One load scenario's work on the event loop. The main thread steps the phases through the
 * {@link dev.quicperf.adapter.load.LoadRecorder}; it calls every method here on the loop, through
 * {@link LoadTransport#loop()}, never directly.
 */
interface LoadDriver {

    /**
     * Sets up what both phases share (rps: all its connections) and completes {@code ready} when
     * that is done or has failed (the failure is then in the recorder).
     */
    void prepare(CompletableFuture<Void> ready);

    /** Starts the phase the recorder has just begun: claims work until as much is in flight as allowed. */
    void startPhase();

    /** What is still outstanding, in words, for the timeout message. */
    String pending();

    /** Closes every connection still open. */
    void closeAll();
}
