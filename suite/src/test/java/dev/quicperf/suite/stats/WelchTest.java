package dev.quicperf.suite.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WelchTest {

    @Test
    void aShiftFarBeyondTheNoiseIsSignificant() {
        Welch w = Welch.compare(Summary.of(new double[] {100, 101, 99, 100, 100}),
                Summary.of(new double[] {90, 91, 89, 90, 90}));
        assertThat(w.relative()).isCloseTo(-0.10, within(1e-9));
        assertThat(w.significant()).isTrue();
        assertThat(w.format()).startsWith("-10.0% ±").endsWith("(significant)");
    }

    @Test
    void aShiftWithinTheNoiseIsNot() {
        Welch w = Welch.compare(Summary.of(new double[] {100, 130, 70, 110, 90}),
                Summary.of(new double[] {95, 125, 65, 105, 85}));
        assertThat(w.significant()).isFalse();
        // Welch-Satterthwaite with equal variances and n: df = 8, t = 2.306; se = sqrt(2 * 500 / 5).
        assertThat(w.ciHalfWidth()).isCloseTo(2.306 * Math.sqrt(200) / 100, within(1e-9));
    }

    @Test
    void oneSampleOnASideGivesNoInterval() {
        Welch w = Welch.compare(Summary.of(new double[] {100, 102, 98}), Summary.of(new double[] {95}));
        assertThat(w.ciHalfWidth()).isNaN();
        assertThat(w.significant()).isFalse();
        assertThat(w.format()).contains("no interval");
    }
}
