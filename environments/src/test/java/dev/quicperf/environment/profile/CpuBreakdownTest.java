package dev.quicperf.environment.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.quicperf.adapter.CpuCategory;
import dev.quicperf.adapter.CpuRules;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuBreakdownTest {

    private static final long MS = 1_000_000;
    private static final StackClassifier CLASSIFIER = new StackClassifier(CpuRules.parse("""
            sendmsg ^sendmsg$
            tls ^aes_gcm
            """, "test rules"));

    private static CollapsedStacks stacks(String text) throws IOException {
        return CollapsedStacks.parse(new BufferedReader(new StringReader(text)), "test");
    }

    @Test
    void perPacketFiguresAreSharesOfTheOsTimeOverThePackets() throws IOException {
        // One thread, 1000 samples of 1 ms: 600 in sendmsg, 300 in AES-GCM, 100 elsewhere.
        CollapsedStacks window = stacks("""
                [loop tid=7];main;sendmsg 600
                [loop tid=7];main;seal;aes_gcm_enc 300
                [loop tid=7];main;frame 100
                """);
        ThreadWeightedTally tally = new ThreadWeightedTally(CLASSIFIER);
        tally.add(window, MS, Map.of(7L, 1000 * MS));
        // The OS saw 1 s over the window; the server sent 20,000 packets: 50 µs per packet in all.
        CpuBreakdown b = CpuBreakdown.of(tally, MS, 1000 * MS, "packet", 20_000, null, true);

        assertThat(b.totalMicrosPerUnit()).isCloseTo(50.0, within(1e-9));
        assertThat(b.part(CpuCategory.SENDMSG).microsPerUnit()).isCloseTo(30.0, within(1e-9));
        assertThat(b.part(CpuCategory.TLS).microsPerUnit()).isCloseTo(15.0, within(1e-9));
        assertThat(b.part(CpuCategory.REMAINING).microsPerUnit()).isCloseTo(5.0, within(1e-9));
        assertThat(b.part(CpuCategory.ACK).samples()).isZero();
        assertThat(b.parts().stream().mapToDouble(CpuBreakdown.Part::microsPerUnit).sum()).isCloseTo(50.0, within(1e-9));
        assertThat(b.sampledToOs()).isCloseTo(1.0, within(1e-9));
        assertThat(b.agreesWithOs()).isTrue();
        assertThat(b.caveats()).isEmpty();
        // sendmsg over everything but TLS: 600 / 700.
        assertThat(b.ioShareOfTransport()).isCloseTo(600.0 / 700, within(1e-9));
    }

    @Test
    void aThreadTheSamplerUndercountedWeighsAsMuchAsTheOsSaysItWorked() throws IOException {
        // The I/O thread got 100 samples but the OS says it ran 400 ms; the busy thread is exact.
        CollapsedStacks window = stacks("""
                [io tid=1];loop;sendmsg 100
                [busy tid=2];loop;aes_gcm_enc 400
                """);
        ThreadWeightedTally tally = new ThreadWeightedTally(CLASSIFIER);
        tally.add(window, MS, Map.of(1L, 400 * MS, 2L, 400 * MS));
        CpuBreakdown b = CpuBreakdown.of(tally, MS, 800 * MS, "request", 8_000, null, true);

        assertThat(b.part(CpuCategory.SENDMSG).share()).isCloseTo(0.5, within(1e-9));
        assertThat(b.part(CpuCategory.TLS).share()).isCloseTo(0.5, within(1e-9));
        assertThat(b.part(CpuCategory.SENDMSG).microsPerUnit()).isCloseTo(50.0, within(1e-9));
        // Raw samples cover 500 of the OS's 800 ms: that is reported, not hidden.
        assertThat(b.sampledToOs()).isCloseTo(0.625, within(1e-9));
        assertThat(b.agreesWithOs()).isFalse();
        assertThat(b.caveats().get(0)).contains("500 ms", "800 ms", "differ by -38%", "more than ±15%");
    }

    @Test
    void threadsThatEndedInTheWindowTakeTheAverageWeightOfTheOthers() throws IOException {
        CollapsedStacks window = stacks("""
                [live tid=1];sendmsg 100
                [gone tid=2];aes_gcm_enc 100
                """);
        ThreadWeightedTally tally = new ThreadWeightedTally(CLASSIFIER);
        tally.add(window, MS, Map.of(1L, 100 * MS));
        // The process used 300 ms by clock ticks; only the live thread's 100 ms is known to the ns.
        CpuBreakdown b = CpuBreakdown.of(tally, MS, 300 * MS, "packet", 1000, null, true);

        assertThat(b.part(CpuCategory.SENDMSG).share()).isCloseTo(0.5, within(1e-9));
        assertThat(b.part(CpuCategory.TLS).share()).isCloseTo(0.5, within(1e-9));
        // The check against the OS holds the live thread's samples against its own time only.
        assertThat(b.checkedSampledNanos()).isEqualTo(100 * MS);
        assertThat(b.checkedOsNanos()).isEqualTo(100 * MS);
        assertThat(b.agreesWithOs()).isTrue();
        assertThat(b.part(CpuCategory.TLS).microsPerUnit()).isCloseTo(150.0, within(1e-9));
    }

    @Test
    void withoutAPacketCountThereAreSharesButNoPerPacketFigures() throws IOException {
        ThreadWeightedTally tally = new ThreadWeightedTally(CLASSIFIER);
        tally.add(stacks("[t tid=1];sendmsg 10\n"), MS, Map.of(1L, 10 * MS));
        CpuBreakdown b = CpuBreakdown.of(tally, MS, 10 * MS, "packet", 0, "the server wrote no packet count", false);

        assertThat(b.part(CpuCategory.SENDMSG).share()).isEqualTo(1.0);
        assertThat(b.part(CpuCategory.SENDMSG).microsPerUnit()).isNaN();
        assertThat(b.totalMicrosPerUnit()).isNaN();
        assertThat(b.caveats()).anyMatch(c -> c.contains("no per-packet figures: the server wrote no packet count"))
                .anyMatch(c -> c.contains("only 10 samples"))
                .anyMatch(c -> c.contains("no kernel frames"));
    }

    @Test
    void aCollapsedLineWithoutACountIsRejectedWithItsLineNumber() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> stacks("a;b 3\na;b;c\n"))
                .isInstanceOf(IOException.class).hasMessageContaining("test:2").hasMessageContaining("a;b;c");
    }

    @Test
    void windowsAddUpStackByStack() throws IOException {
        CollapsedStacks both = stacks("a;b 3\nc 1\n").plus(stacks("a;b 2\n"));
        assertThat(both.bySamples()).containsExactlyInAnyOrderEntriesOf(Map.of("a;b", 5L, "c", 1L));
        assertThat(both.totalSamples()).isEqualTo(6);
    }
}
