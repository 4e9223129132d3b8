package dev.quicperf.nettyquic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quicperf.adapter.PayloadPattern;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

class PatternBufferTest {

    @Test
    void slicesAreThePatternAtTheirStreamOffset() {
        long[] offsets = {0, 1, PayloadPattern.PERIOD - 1, PayloadPattern.PERIOD, 3L * PayloadPattern.PERIOD + 17,
            5_000_000_000L};
        for (long offset : offsets) {
            for (int length : new int[] {1, 1350, PatternBuffer.MAX_CHUNK}) {
                ByteBuf slice = PatternBuffer.slice(offset, length);
                assertThat(slice.readableBytes()).isEqualTo(length);
                assertThat(slice.isDirect()).isTrue();
                assertThat(PayloadPattern.verify(offset, slice.nioBuffer())).as("offset %d length %d", offset, length)
                        .isEqualTo(-1);
            }
        }
    }

    @Test
    void refusesChunksLongerThanAPeriod() {
        assertThatThrownBy(() -> PatternBuffer.slice(0, PatternBuffer.MAX_CHUNK + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
