package dev.quicperf.adapter;

import java.nio.ByteBuffer;

/**
 * Counts and verifies the bytes of one perf response as they arrive. Not thread-safe: feed it
 * from the one thread that reads the stream.
 */
public final class ResponseVerifier {

    private final long expected;
    private long received;
    private long verified;
    private long firstMismatch = -1;

    public ResponseVerifier(long expected) {
        this.expected = expected;
    }

    public void accept(byte[] data, int off, int len) {
        record(firstMismatch < 0 ? PayloadPattern.verify(received, data, off, len) : -1, len);
    }

    /** Verifies the buffer's remaining bytes without moving its position. */
    public void accept(ByteBuffer data) {
        record(firstMismatch < 0 ? PayloadPattern.verify(received, data) : -1, data.remaining());
    }

    /** Books {@code len} more bytes whose first wrong one, if any, is at stream offset {@code bad}. */
    private void record(long bad, int len) {
        if (firstMismatch < 0) {
            if (bad < 0) {
                verified += len;
            } else {
                firstMismatch = bad;
                verified += bad - received;
            }
        }
        received += len;
    }

    public long expected() {
        return expected;
    }

    public long received() {
        return received;
    }

    /** Bytes that matched the pattern, counted up to the first wrong one. */
    public long verified() {
        return verified;
    }

    public boolean complete() {
        return received == expected && verified == expected;
    }

    /** Why the response is not what was asked for, or null when it is. */
    public String problem() {
        if (firstMismatch >= 0) {
            return "payload mismatch at byte " + firstMismatch;
        }
        if (received != expected) {
            return "response length " + received + " bytes, expected " + expected;
        }
        return null;
    }
}
