package dev.quicperf.report.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScaleTest {

    @Test
    void linearTicksAreNiceSteps() {
        Scale s = Scale.linear(0, 4450, null);
        assertThat(s.min()).isZero();
        assertThat(s.max()).isEqualTo(5000);
        assertThat(labels(s)).containsExactly("0", "1000", "2000", "3000", "4000", "5000");
    }

    @Test
    void linearTicksGetTheDecimalsTheStepNeeds() {
        assertThat(labels(Scale.linear(0, 1.3, null))).containsExactly("0.0", "0.2", "0.4", "0.6", "0.8", "1.0", "1.2", "1.4");
        assertThat(labels(Scale.linear(0, 0.05, null))).startsWith("0.00", "0.01", "0.02");
        assertThat(labels(Scale.linear(0, 1, Formats.percent()))).containsExactly("0%", "20%", "40%", "60%", "80%", "100%");
    }

    @Test
    void stepsAreOneTwoOrFiveTimesAPowerOfTen() {
        for (double hi : new double[]{0.7, 3, 17, 42, 99, 640, 12345, 7e8}) {
            List<Scale.Tick> t = Scale.linear(0, hi, null).ticks();
            double step = t.get(1).value() - t.get(0).value();
            double mantissa = step / Math.pow(10, Math.floor(Math.log10(step) + 1e-9));
            assertThat(mantissa).as("step %s for %s", step, hi).isIn(1.0, 2.0, 5.0);
            assertThat(t.get(t.size() - 1).value()).isGreaterThanOrEqualTo(hi);
        }
    }

    @Test
    void equalEndsStillMakeARange() {
        Scale one = Scale.linear(5, 5, null);
        assertThat(one.min()).isLessThan(5);
        assertThat(one.max()).isGreaterThan(5);
        Scale zero = Scale.linear(0, 0, null).toPixels(0, 100);
        assertThat(zero.px(0)).isFinite();
        Scale log = Scale.log(100, 100, null);
        assertThat(log.min()).isEqualTo(10);
        assertThat(log.max()).isEqualTo(1000);
        assertThat(Scale.log(5, 5, null).toPixels(0, 100).px(5)).isBetween(0.0, 100.0);
    }

    @Test
    void logScaleSpansWholeDecadesLabelledByTheCallersFormat() {
        Scale s = Scale.log(2e3, 2e9, v -> Examples.bytes(v));
        assertThat(s.min()).isEqualTo(1e3);
        assertThat(s.max()).isEqualTo(1e10);
        assertThat(s.ticks().stream().filter(t -> t.level() == 0).map(Scale.Tick::label))
                .containsExactly("1KB", "10KB", "100KB", "1MB", "10MB", "100MB", "1GB", "10GB");
        assertThat(s.ticks().stream().filter(t -> t.level() == 1)).isEmpty();
    }

    @Test
    void narrowLogScaleAlsoLabelsTwoAndFive() {
        Scale s = Scale.log(0.3, 30, v -> Examples.millis(v));
        assertThat(labels(s)).containsExactly("0.1 ms", "0.2 ms", "0.5 ms", "1 ms", "2 ms", "5 ms", "10 ms",
                "20 ms", "50 ms", "100 ms");
    }

    @Test
    void logPositionsIncreaseAndDecadesAreEvenlySpaced() {
        Scale s = Scale.log(1, 1e4, null).toPixels(0, 400);
        assertThat(s.px(1)).isEqualTo(0);
        assertThat(s.px(10)).isCloseTo(100, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(s.px(1e4)).isCloseTo(400, org.assertj.core.data.Offset.offset(1e-9));
        double last = -1;
        for (double v = 1; v <= 1e4; v *= 1.3) {
            assertThat(s.px(v)).isGreaterThan(last);
            last = s.px(v);
        }
    }

    @Test
    void pixelRangeMayRunBackwardsForY() {
        Scale y = Scale.linear(0, 10, null).toPixels(300, 100);
        assertThat(y.px(0)).isEqualTo(300);
        assertThat(y.px(10)).isEqualTo(100);
    }

    @Test
    void logScaleRejectsNonPositiveRange() {
        assertThatThrownBy(() -> Scale.log(0, 10, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> Scale.linear(0, Double.NaN, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void explicitTicksReplaceTheLabelledOnes() {
        Scale s = Scale.log(2e3, 2e7, null).withTicks(new double[]{2e3, 2e5, 2e7, 5e12}, Examples::bytes);
        assertThat(labels(s)).containsExactly("2KB", "200KB", "20MB");
        assertThat(s.ticks().stream().filter(t -> t.value() == 1e4).findFirst()).get()
                .extracting(Scale.Tick::level).isEqualTo(2);
    }

    private static List<String> labels(Scale s) {
        return s.ticks().stream().filter(t -> t.level() < 2).map(Scale.Tick::label).toList();
    }
}
