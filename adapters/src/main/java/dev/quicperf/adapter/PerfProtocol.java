package dev.quicperf.adapter;

import java.nio.ByteBuffer;

/**
 * The perf protocol of draft-banks-quic-performance: ALPN {@code perf}; each client-opened
 * bidirectional stream starts with an 8-byte big-endian length N, then the client's upload
 * bytes and FIN; the server drains to FIN, then answers N bytes and FIN.
 */
public final class PerfProtocol {

    public static final String ALPN = "perf";
    public static final int HEADER_BYTES = Long.BYTES;

    /** Application error codes for RESET_STREAM / STOP_SENDING. */
    public enum StreamError {
        OK(0), NOT_IMPLEMENTED(1), REJECTED(2), INVALID_DATA(3);

        public final long code;

        StreamError(long code) {
            this.code = code;
        }
    }

    private PerfProtocol() {
    }

    public static byte[] header(long responseBytes) {
        if (responseBytes < 0) {
            throw new IllegalArgumentException("perf request for a negative length: " + responseBytes);
        }
        return ByteBuffer.allocate(HEADER_BYTES).putLong(responseBytes).array();
    }

    /** The response length a header asks for; the u64 is taken as unsigned and must fit a long. */
    public static long responseBytes(byte[] header) {
        if (header.length != HEADER_BYTES) {
            throw new IllegalArgumentException("perf header must be 8 bytes, got " + header.length);
        }
        long n = ByteBuffer.wrap(header).getLong();
        if (n < 0) {
            throw new IllegalArgumentException("perf request for more than 2^63-1 bytes");
        }
        return n;
    }
}
