package dev.quicperf.h3ref;

import dev.quicperf.adapter.PayloadPattern;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * The request body of an upload ({@code --upload}): the suite's payload pattern, laid out once in
 * native memory two periods long, so the bytes at any offset are one slice of it. Writers send
 * slices: no copy and no allocation of payload per chunk.
 */
final class UploadChunks {

    /** Largest chunk one slice covers. */
    static final int MAX_CHUNK = PayloadPattern.PERIOD;

    private static final ByteBuf PATTERN = create();

    private UploadChunks() {
    }

    private static ByteBuf create() {
        ByteBuf buf = Unpooled.directBuffer(2 * PayloadPattern.PERIOD);
        PayloadPattern.fill(0, buf.nioBuffer(0, buf.capacity()));
        buf.writerIndex(buf.capacity());
        // Lives as long as the process; the slices handed to channels are released by them.
        return Unpooled.unreleasableBuffer(buf);
    }

    /** The pattern bytes for body offsets {@code [offset, offset + length)}, {@code length <= MAX_CHUNK}. */
    static ByteBuf slice(long offset, int length) {
        if (length > MAX_CHUNK) {
            throw new IllegalArgumentException("chunk of " + length + " bytes is longer than one period");
        }
        return PATTERN.slice((int) (offset % PayloadPattern.PERIOD), length);
    }
}
