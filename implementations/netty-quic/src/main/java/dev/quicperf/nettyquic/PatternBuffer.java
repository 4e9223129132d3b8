package dev.quicperf.nettyquic;

import dev.quicperf.adapter.PayloadPattern;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * The payload pattern laid out once in native memory, two periods long, so that the bytes for
 * any stream offset and any length up to one period are a single slice of it. Writers send
 * slices: no copy and no allocation of payload bytes per chunk, and never more than one chunk
 * referenced at a time.
 */
final class PatternBuffer {

    /** Largest chunk a slice can cover. */
    static final int MAX_CHUNK = PayloadPattern.PERIOD;

    private static final ByteBuf PATTERN = create();

    private PatternBuffer() {
    }

    private static ByteBuf create() {
        ByteBuf buf = Unpooled.directBuffer(2 * PayloadPattern.PERIOD);
        PayloadPattern.fill(0, buf.nioBuffer(0, buf.capacity()));
        buf.writerIndex(buf.capacity());
        // Lives as long as the process; slices handed to channels are released by them.
        return Unpooled.unreleasableBuffer(buf);
    }

    /** The pattern bytes for stream offsets {@code [offset, offset + length)}, {@code length <= MAX_CHUNK}. */
    static ByteBuf slice(long offset, int length) {
        if (length > MAX_CHUNK) {
            throw new IllegalArgumentException("chunk of " + length + " bytes is longer than one period");
        }
        return PATTERN.slice((int) (offset % PayloadPattern.PERIOD), length);
    }
}
