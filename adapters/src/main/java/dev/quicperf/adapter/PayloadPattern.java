package dev.quicperf.adapter;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The fixed pseudo-random byte pattern our servers send, so a client can verify every byte it
 * counts. Byte i of a response is {@code BLOCK[i mod PERIOD]}. The period is prime, so it never
 * lines up with power-of-two buffer or packet sizes: a lost, duplicated or reordered chunk shows
 * up as a mismatch.
 */
public final class PayloadPattern {

    /** Largest prime below 64 KiB. */
    public static final int PERIOD = 65_521;

    // Two periods back to back: any window of up to PERIOD bytes at any phase is one slice.
    private static final byte[] BLOCK = makeBlock();

    private PayloadPattern() {
    }

    private static byte[] makeBlock() {
        byte[] b = new byte[2 * PERIOD];
        long x = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < PERIOD; i++) {
            // xorshift64*: cheap, deterministic, good enough to make offsets distinguishable.
            x ^= x >>> 12;
            x ^= x << 25;
            x ^= x >>> 27;
            b[i] = (byte) ((x * 0x2545F4914F6CDD1DL) >>> 56);
        }
        System.arraycopy(b, 0, b, PERIOD, PERIOD);
        return b;
    }

    /** Fills {@code dst[off, off+len)} with the pattern bytes starting at stream offset {@code streamOffset}. */
    public static void fill(long streamOffset, byte[] dst, int off, int len) {
        int phase = (int) (streamOffset % PERIOD);
        while (len > 0) {
            int n = Math.min(len, PERIOD);
            System.arraycopy(BLOCK, phase, dst, off, n);
            off += n;
            len -= n;
            // Advancing by a whole period keeps the phase.
        }
    }

    /** Writes the pattern bytes starting at {@code streamOffset} into {@code dst} until it is full. */
    public static void fill(long streamOffset, ByteBuffer dst) {
        int phase = (int) (streamOffset % PERIOD);
        while (dst.hasRemaining()) {
            int n = Math.min(dst.remaining(), PERIOD);
            dst.put(BLOCK, phase, n);
        }
    }

    /**
     * Checks {@code src[off, off+len)} against the pattern at {@code streamOffset}.
     *
     * @return -1 when every byte matches, else the stream offset of the first wrong byte
     */
    public static long verify(long streamOffset, byte[] src, int off, int len) {
        int phase = (int) (streamOffset % PERIOD);
        int done = 0;
        while (done < len) {
            int n = Math.min(len - done, PERIOD);
            int m = Arrays.mismatch(BLOCK, phase, phase + n, src, off + done, off + done + n);
            if (m >= 0) {
                return streamOffset + done + m;
            }
            done += n;
        }
        return -1;
    }

    /** As {@link #verify(long, byte[], int, int)} for the remaining bytes of a buffer; does not move its position. */
    public static long verify(long streamOffset, ByteBuffer src) {
        if (src.hasArray()) {
            return verify(streamOffset, src.array(), src.arrayOffset() + src.position(), src.remaining());
        }
        int phase = (int) (streamOffset % PERIOD);
        int pos = src.position();
        int len = src.remaining();
        int done = 0;
        while (done < len) {
            int n = Math.min(len - done, PERIOD);
            int m = ByteBuffer.wrap(BLOCK, phase, n).mismatch(src.slice(pos + done, n));
            if (m >= 0) {
                return streamOffset + done + m;
            }
            done += n;
        }
        return -1;
    }
}
