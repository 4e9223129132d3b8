package dev.quicperf.adapter.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LoadRecorderTest {

    private static LoadOptions options(long requests, long warmup) {
        return new LoadOptions(LoadScenario.RPS, "127.0.0.1", 4433, 4, requests, warmup, 2048, 2, Duration.ofSeconds(5));
    }

    private static LoadRecorder recorder(LoadOptions o) {
        return new LoadRecorder(o, "test", "1", new PrintStream(new ByteArrayOutputStream()));
    }

    @Test
    void warmupIsCountedApartAndOnlyTimedRequestsReachTheHistograms() throws Exception {
        LoadRecorder r = recorder(options(3, 2));
        r.beginWarmup();
        while (r.claim()) {
            r.connected(5_000_000);
            r.completed(9_000_000, 2048);
        }
        assertThat(r.awaitPhase(System.nanoTime() + TimeUnit.SECONDS.toNanos(1))).isTrue();
        r.beginMeasured();
        int n = 0;
        while (r.claim()) {
            n++;
            r.completed(1_000_000L * n, 2048);
        }
        assertThat(r.awaitPhase(System.nanoTime() + TimeUnit.SECONDS.toNanos(1))).isTrue();

        LoadReport report = LoadReport.parse(r.report().toJson());
        assertThat(report.ok()).isTrue();
        assertThat(report.warmupCompleted()).isEqualTo(2);
        assertThat(report.completed()).isEqualTo(3);
        assertThat(report.bytesVerified()).isEqualTo(3 * 2048);
        Histogram requests = LatencyHistograms.decode(report.requestHistogram());
        assertThat(requests.getTotalCount()).isEqualTo(3);
        assertThat(requests.getMaxValue()).isBetween(2_990_000L, 3_010_000L);
        assertThat(LatencyHistograms.decode(report.connectHistogram()).getTotalCount()).isZero();
    }

    @Test
    void firstFailureStopsHandingOutWorkAndNamesTheReason() throws Exception {
        LoadRecorder r = recorder(options(100, 0));
        r.beginWarmup();
        r.beginMeasured();
        assertThat(r.claim()).isTrue();
        assertThat(r.claim()).isTrue();
        r.failed("stream reset by peer");
        assertThat(r.claim()).isFalse();
        r.completed(1_000, 1);
        assertThat(r.awaitPhase(System.nanoTime() + TimeUnit.SECONDS.toNanos(1))).isFalse();
        LoadReport report = r.report();
        assertThat(report.ok()).isFalse();
        assertThat(report.error()).isEqualTo("stream reset by peer");
        assertThat(report.failed()).isEqualTo(1);
        assertThat(report.completed()).isEqualTo(1);
    }

    @Test
    void deadlineEndsAPhaseThatStopsMovingWithWhatWasDone() throws Exception {
        LoadRecorder r = recorder(options(10, 0));
        r.beginMeasured();
        r.claim();
        assertThat(r.awaitPhase(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50))).isFalse();
        assertThat(r.report().error()).startsWith("timeout after 5000 ms: timed phase: 0 of 10 done, 1 in flight");
    }

    @Test
    void optionsSurviveTheirOwnCommandLineAndBadFlagsAreNamed() {
        LoadOptions o = options(100, 10);
        assertThat(LoadOptions.parse("c", o.toArgs().toArray(String[]::new))).isEqualTo(o);
        assertThatThrownBy(() -> LoadOptions.parse("c", new String[] {"--scenario", "rsp"}))
                .hasMessageContaining("unknown load scenario 'rsp'").hasMessageContaining("rps");
        assertThatThrownBy(() -> LoadReport.parse("{\"schema\":\"quicperf.load-report/9\"}"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aHistogramSurvivesItsTextForm() {
        Histogram h = LatencyHistograms.empty();
        for (long v = 1; v <= 1000; v++) {
            LatencyHistograms.record(h, v * 1000);
        }
        LatencyHistograms.record(h, Long.MAX_VALUE);
        Histogram back = LatencyHistograms.decode(LatencyHistograms.encode(h));
        assertThat(back.getTotalCount()).isEqualTo(1001);
        assertThat(back.getValueAtPercentile(50)).isEqualTo(h.getValueAtPercentile(50));
        assertThatThrownBy(() -> LatencyHistograms.decode("bm90IGEgaGlzdG9ncmFt")).hasMessageContaining("HdrHistogram");
    }
}
