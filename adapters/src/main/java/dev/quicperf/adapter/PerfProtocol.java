package dev.quicperf.adapter;

import java.nio.ByteBuffer;

/**
 * The perf protocol of draft-banks-quic-performance: ALPN {@code perf}; each client-opened
 * bidirectional stream starts with an 8-byte big-endian length N, then the client's upload
 * bytes and FIN; the server drains to FIN, then answers N bytes and FIN.
 *
 * <p>What a server does with a stream that breaks these rules (the same on every stack; see the
 * "Hostile peers" section of each implementation's doc):
 * <ul>
 * <li>FIN before all 8 length bytes: RESET_STREAM {@link StreamError#INVALID_DATA}.</li>
 * <li>A length above {@link #MAX_RESPONSE_BYTES} (2^63 and more included): STOP_SENDING and
 *     RESET_STREAM {@link StreamError#REJECTED} as soon as the 8th byte is in, without reading the
 *     upload; see {@link #admit(long)}.</li>
 * <li>A unidirectional stream from the client: STOP_SENDING {@link StreamError#NOT_IMPLEMENTED}.</li>
 * <li>The client resets its request before its FIN: the server resets its response with
 *     {@link #CANCELLED}; the client stops the response (STOP_SENDING): the stack resets the
 *     response with the client's code, as RFC 9000 asks, and the server stops writing.</li>
 * </ul>
 */
public final class PerfProtocol {

    public static final String ALPN = "perf";
    public static final int HEADER_BYTES = Long.BYTES;

    /**
     * The largest response a server agrees to send: 1 TB (10^12 bytes); a request for more is
     * answered with {@link StreamError#REJECTED}. The suite's largest transfer is 2 GB (thesis
     * profile), so the limit is 500 times anything we measure, yet a response of that size takes
     * under 15 minutes at 10 Gbit/s. Without it, a request for 2^63-1 bytes (or a header that is
     * really text, such as {@code "GET / HT"}, which reads as about 5 * 10^18) would keep a server
     * streaming for centuries. It is a bound on time and bandwidth, not memory: servers never
     * allocate anything proportional to the length, they write one fixed-size chunk at a time.
     */
    public static final long MAX_RESPONSE_BYTES = 1_000_000_000_000L;

    /**
     * The code a server resets its response with when the client reset its request before the
     * FIN (it cancelled the request, so there is nothing to answer). The draft defines no
     * "cancelled" code, and nothing went wrong on the server's side, so it is OK (0).
     */
    public static final StreamError CANCELLED = StreamError.OK;

    /** Application error codes for RESET_STREAM / STOP_SENDING. */
    public enum StreamError {
        OK(0), NOT_IMPLEMENTED(1), REJECTED(2), INVALID_DATA(3);

        public final long code;

        StreamError(long code) {
            this.code = code;
        }

        /** For log lines: {@code REJECTED(2)}. */
        @Override
        public String toString() {
            return name() + "(" + code + ")";
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

    /**
     * The header's 64 bits as they are: the u64 the client sent, negative here when it is 2^63 or
     * more. Never throws for a full header; see {@link #admit(long)} for whether to answer it.
     */
    public static long rawLength(byte[] header) {
        if (header.length != HEADER_BYTES) {
            throw new IllegalArgumentException("perf header must be 8 bytes, got " + header.length);
        }
        return ByteBuffer.wrap(header).getLong();
    }

    /**
     * What a server does with a complete header whose bits are {@code rawLength}
     * ({@link #rawLength(byte[])}): {@link StreamError#OK} to answer it, or
     * {@link StreamError#REJECTED} for 2^63 and more (negative here) or above
     * {@link #MAX_RESPONSE_BYTES}.
     */
    public static StreamError admit(long rawLength) {
        return rawLength >= 0 && rawLength <= MAX_RESPONSE_BYTES ? StreamError.OK : StreamError.REJECTED;
    }

    /** The length a header asked for, in words, for log lines: the u64 as an unsigned number. */
    public static String describeLength(long rawLength) {
        return Long.toUnsignedString(rawLength);
    }

    /**
     * Rations a server's lines about misbehaving streams on stderr: at most {@code perSecond} in
     * any one second, so a peer that opens a million broken streams cannot fill the disk the
     * harness keeps the log on. The first line after a quiet spell says how many were left out.
     */
    public static final class LogRation {

        private static final long SECOND_NANOS = 1_000_000_000L;

        private final int perSecond;
        private long windowStart;
        private int inWindow;
        private long leftOut;

        public LogRation(int perSecond) {
            if (perSecond < 1) {
                throw new IllegalArgumentException("perSecond must be at least 1, got " + perSecond);
            }
            this.perSecond = perSecond;
        }

        /**
         * The line to print for {@code line} at {@code nowNanos} ({@link System#nanoTime()}), or null
         * when this second's ration is used up.
         */
        public synchronized String admit(String line, long nowNanos) {
            if (inWindow == 0 || nowNanos - windowStart >= SECOND_NANOS) {
                windowStart = nowNanos;
                inWindow = 0;
            }
            if (inWindow >= perSecond) {
                leftOut++;
                return null;
            }
            inWindow++;
            if (leftOut == 0) {
                return line;
            }
            String withCount = line + " (" + leftOut + " similar line(s) left out before this one)";
            leftOut = 0;
            return withCount;
        }
    }
}
