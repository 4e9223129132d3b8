package dev.quicperf.suite.goodput;

import static dev.quicperf.suite.goodput.GoodputRunner.Kind.MEASURED;
import static dev.quicperf.suite.goodput.GoodputRunner.Kind.PROFILED;
import static dev.quicperf.suite.goodput.GoodputRunner.Kind.WARMUP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quicperf.suite.Profile;
import org.junit.jupiter.api.Test;

class RunPlanTest {

    @Test
    void profiledRunsFollowTheLastMeasuredOnesAfterTheWarmUps() {
        Profile smoke = Profile.named("smoke");
        assertThat(GoodputRunner.plan(smoke)).containsExactly(WARMUP, MEASURED, MEASURED, MEASURED, MEASURED, PROFILED,
                MEASURED, PROFILED);
    }

    @Test
    void withoutProfilingThePlanIsWarmUpsAndMeasuredRuns() {
        Profile off = Profile.named("smoke").withProfiledRuns(0).withGoodputRuns(2, 5);
        assertThat(GoodputRunner.plan(off)).containsExactly(WARMUP, WARMUP, MEASURED, MEASURED, MEASURED, MEASURED,
                MEASURED);
    }
}
