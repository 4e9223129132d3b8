package dev.quicperf.suite.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SummaryTest {

    @Test
    void meanSampleDeviationAndStudentInterval() {
        Summary s = Summary.of(new double[] {2, 4, 4, 4, 5, 5, 7, 9});
        assertThat(s.mean()).isEqualTo(5.0);
        assertThat(s.stddev()).isCloseTo(2.138, within(0.001));
        // t(0.975, 7) = 2.365
        assertThat(s.ciHalfWidth()).isCloseTo(2.365 * 2.138 / Math.sqrt(8), within(0.002));
        assertThat(s.format("Mbps")).isEqualTo("5.00 ± 1.79 Mbps (n=8)");
    }

    @Test
    void oneSampleHasNoInterval() {
        Summary s = Summary.of(new double[] {42});
        assertThat(s.ciHalfWidth()).isInfinite();
    }

    @Test
    void largeSamplesApproachTheNormalQuantile() {
        assertThat(StudentT.quantile975(29)).isEqualTo(2.045);
        assertThat(StudentT.quantile975(1000)).isEqualTo(1.960);
    }
}
