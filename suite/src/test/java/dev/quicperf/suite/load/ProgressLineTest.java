package dev.quicperf.suite.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

    @Test
    void rateAndEtaComeFromTheClientsOwnClock() {
        Map<String, String> now = ProgressLine.parse("phase=measured done=300 total=1000 failed=0 ms=5000");
        assertThat(now).containsEntry("done", "300").containsEntry("ms", "5000");
        Map<String, String> before = ProgressLine.parse("phase=measured done=100 total=1000 failed=0 ms=4000");
        assertThat(ProgressLine.describe("rps kwik run 2/4", before, now))
                .isEqualTo("[quicperf] rps kwik run 2/4: measured 300/1000 (200/s), ETA 4 s");
        // No rate across a phase change, and failures are named.
        Map<String, String> warm = ProgressLine.parse("phase=warmup done=10 total=10 failed=0 ms=3000");
        assertThat(ProgressLine.describe("x", warm, ProgressLine.parse("phase=measured done=5 total=9 failed=2 ms=3500")))
                .isEqualTo("[quicperf] x: measured 5/9, 2 failed");
        assertThat(ProgressLine.parse("garbage")).isEmpty();
    }

    @Test
    void printsOnlyProgressMarksOfRunsLongerThanAFewSeconds() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ProgressLine line = new ProgressLine("rps kwik run 1/4", new java.io.PrintStream(out, true));
        line.accept("kwik: some log line");
        line.accept("QUICPERF PROGRESS phase=warmup done=5 total=100 failed=0 ms=1000");
        line.accept("QUICPERF PROGRESS phase=measured done=50 total=100 failed=0 ms=4000");
        line.accept("QUICPERF PROGRESS phase=measured done=60 total=100 failed=0 ms=5000");
        line.accept("QUICPERF PROGRESS phase=measured done=90 total=100 failed=0 ms=9000");
        String n = System.lineSeparator();
        assertThat(out.toString()).isEqualTo("[quicperf] rps kwik run 1/4: measured 50/100" + n
                + "[quicperf] rps kwik run 1/4: measured 90/100 (8/s), ETA 1 s" + n);
    }
}
