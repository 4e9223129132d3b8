package dev.quicperf.tcptls;

import dev.quicperf.adapter.PayloadPattern;

/**
 * The payload pattern laid out once, a period plus one chunk long, so that the pattern bytes at
 * any offset are a slice of it: a writer hands out slices instead of copying the pattern into a
 * buffer for every chunk. Read-only once built, so connections share it.
 */
final class PatternChunks {

    /** Bytes per write into the TLS socket: four full TLS records (16 KiB of plaintext each). */
    static final int CHUNK = 64 << 10;

    private final byte[] bytes = new byte[PayloadPattern.PERIOD + CHUNK];

    PatternChunks() {
        PayloadPattern.fill(0, bytes, 0, bytes.length);
    }

    byte[] bytes() {
        return bytes;
    }

    /** Where the pattern bytes starting at {@code streamOffset} begin in {@link #bytes()}. */
    static int start(long streamOffset) {
        return (int) (streamOffset % PayloadPattern.PERIOD);
    }
}
