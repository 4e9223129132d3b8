package dev.quicperf.adapter.load;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * Latency histograms as the load report carries them: HdrHistogram in nanoseconds, three
 * significant digits, up to an hour, in its compressed encoding as base64 — lossless, so the
 * harness can merge runs and draw the full CDF, and any HdrHistogram tool can read it.
 */
public final class LatencyHistograms {

    private static final long HIGHEST = TimeUnit.HOURS.toNanos(1);
    private static final int DIGITS = 3;

    private LatencyHistograms() {
    }

    public static Histogram empty() {
        return new Histogram(HIGHEST, DIGITS);
    }

    /** Records {@code nanos}, clamped into the trackable range so an outlier never throws. */
    public static void record(Histogram h, long nanos) {
        h.recordValue(Math.max(0, Math.min(HIGHEST, nanos)));
    }

    public static String encode(Histogram h) {
        ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int length = h.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
    }

    /** @throws IllegalArgumentException when the text is not an encoded histogram */
    public static Histogram decode(String base64) {
        try {
            byte[] bytes = Base64.getDecoder().decode(base64);
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
        } catch (DataFormatException | RuntimeException e) {
            throw new IllegalArgumentException("not a compressed base64 HdrHistogram: " + e.getMessage(), e);
        }
    }
}
