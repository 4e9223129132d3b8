package dev.quicperf.kwik;

import dev.quicperf.adapter.PayloadPattern;
import java.io.IOException;
import java.util.function.LongConsumer;

/** Writes pattern bytes into a kwik stream in chunks, never holding more than one chunk. */
final class PatternWriter {

    private final byte[] chunk = new byte[Math.min(Tuning.WRITE_CHUNK, StallSafeOutput.MAX_CHUNK)];

    /**
     * Writes pattern bytes {@code [0, count)} (byte {@code i} written is pattern byte {@code i}).
     *
     * @param written told the number of pattern bytes written so far after each write returns
     */
    void write(StallSafeOutput out, long count, LongConsumer written) throws IOException {
        long offset = 0;
        while (offset < count) {
            int len = (int) Math.min(chunk.length, count - offset);
            PayloadPattern.fill(offset, chunk, 0, len);
            out.write(chunk, 0, len);
            offset += len;
            written.accept(offset);
        }
    }
}
