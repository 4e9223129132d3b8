package dev.quicperf.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class PayloadPatternTest {

    @Test
    void chunksFilledAtAnyOffsetVerifyAsOneStream() {
        ResponseVerifier v = new ResponseVerifier(300_000);
        long offset = 0;
        for (int chunk : new int[] {1, 1200, 65_521, 70_000, 100_000, 63_278}) {
            byte[] b = new byte[chunk];
            PayloadPattern.fill(offset, b, 0, chunk);
            v.accept(b, 0, chunk);
            offset += chunk;
        }
        assertThat(v.complete()).isTrue();
        assertThat(v.problem()).isNull();
    }

    @Test
    void aSwappedOrCorruptedChunkIsCaughtAtItsOffset() {
        byte[] first = new byte[4096];
        byte[] second = new byte[4096];
        PayloadPattern.fill(0, first, 0, first.length);
        PayloadPattern.fill(4096, second, 0, second.length);
        ResponseVerifier v = new ResponseVerifier(8192);
        v.accept(second, 0, second.length); // arrives out of order
        v.accept(first, 0, first.length);
        assertThat(v.complete()).isFalse();
        assertThat(v.verified()).isLessThan(4096);
        assertThat(v.problem()).startsWith("payload mismatch at byte ");

        ByteBuffer buf = ByteBuffer.allocateDirect(10_000);
        PayloadPattern.fill(123_456, buf);
        buf.flip();
        buf.put(5000, (byte) (buf.get(5000) ^ 1));
        assertThat(PayloadPattern.verify(123_456, buf)).isEqualTo(123_456 + 5000);
        assertThat(buf.position()).isZero();
    }

    @Test
    void shortResponseIsNamed() {
        ResponseVerifier v = new ResponseVerifier(10);
        byte[] b = new byte[9];
        PayloadPattern.fill(0, b, 0, 9);
        v.accept(b, 0, 9);
        assertThat(v.problem()).isEqualTo("response length 9 bytes, expected 10");
    }

    @Test
    void headerRoundTripsAndRejectsHugeLengths() {
        assertThat(PerfProtocol.responseBytes(PerfProtocol.header(2_000_000_000L))).isEqualTo(2_000_000_000L);
        byte[] huge = {(byte) 0x80, 0, 0, 0, 0, 0, 0, 0};
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PerfProtocol.responseBytes(huge))
                .hasMessageContaining("2^63-1");
    }

    @Test
    void clientReportRoundTripsAndRefusesUnknownSchemas() {
        ClientReport r = new ClientReport(ClientReport.SCHEMA, "x", "1", true, 10, 10, 10, 0, 1, 2, 3, 4, 5000, null);
        assertThat(ClientReport.parse(r.toJson())).isEqualTo(r);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ClientReport.parse(""))
                .hasMessageContaining("printed nothing");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ClientReport.parse("WARNING: foo\n{}"))
                .hasMessageContaining("not a ClientReport JSON");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ClientReport.parse(
                r.toJson().replace(ClientReport.SCHEMA, "quicperf.client-report/99")))
                .hasMessageContaining("not supported");
    }
}
