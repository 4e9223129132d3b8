package dev.quicperf.suite.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicperf.environment.Environment;
import dev.quicperf.environment.LinuxHostEnvironment;
import dev.quicperf.nettyquic.NettyQuicImplementation;
import dev.quicperf.report.Attachments;
import dev.quicperf.suite.ByteSize;
import dev.quicperf.suite.Profile;
import dev.quicperf.suite.SuiteSettings;
import dev.quicperf.suite.budget.Budget;
import dev.quicperf.suite.budget.BudgetGate;
import dev.quicperf.suite.budget.Expectation;
import dev.quicperf.suite.budget.Metric;
import dev.quicperf.suite.budget.Selector;
import dev.quicperf.suite.budget.Verdict;
import dev.quicperf.suite.goodput.CellJournal;
import dev.quicperf.suite.goodput.GoodputCell;
import dev.quicperf.suite.goodput.GoodputReport;
import dev.quicperf.suite.goodput.GoodputResult;
import dev.quicperf.suite.goodput.GoodputRunner;
import io.qameta.allure.Allure;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The baseline gate on a real regression and on none: one cell measured three times in a row,
 * the second time with its server held to a quarter of a core. Against the first run as baseline,
 * the throttled run must break {@code goodput >= -20% vs baseline}; an unthrottled rerun must not.
 */
class BaselineGateTest {

    private static final SuiteSettings SETTINGS = SuiteSettings.fromSystemProperties();
    private static final double THROTTLED_SHARE = 0.25;

    @Test
    void aThrottledServerBreaksTheBaselineBudgetAndAnUnthrottledRerunDoesNot() throws Exception {
        Allure.epic("reliability");
        Allure.feature("baseline gate");
        Optional<String> unavailable = CpuQuota.unavailableBecause();
        Assumptions.assumeTrue(unavailable.isEmpty(), () -> "skipped: " + unavailable.orElse(""));
        // No profiled runs: the gate judges the measured ones only. Six of them, after two warm-ups, keep
        // one slow download (a loss recovery, a neighbour's burst) from widening the interval past use.
        Profile profile = Profile.named("smoke").withProfiledRuns(0).withGoodputRuns(2, 6);
        Environment host = LinuxHostEnvironment.pinnedDefault();
        long size = ByteSize.parse("20MB");
        Path work = SETTINGS.workDir().resolve("baseline-gate");
        Budget budget = new Budget(new Selector(Map.of()), Metric.GOODPUT,
                Expectation.parse(">= -20% vs baseline", Metric.GOODPUT), "BaselineGateTest", 1);

        GoodputResult before = measure(new GoodputCell(new NettyQuicImplementation(), host, size), profile,
                work.resolve("baseline"));
        Baseline baseline = Baseline.load(work.resolve("baseline"));
        BudgetGate gate = new BudgetGate(List.of(budget), false, Optional.of(baseline), profile.name());

        GoodputResult throttled = measure(new GoodputCell(new NettyQuicImplementation(),
                new ThrottledEnvironment(host, THROTTLED_SHARE), size), profile, work.resolve("throttled"));
        Verdict slow = judge(gate, throttled);
        GoodputResult rerun = measure(new GoodputCell(new NettyQuicImplementation(), host, size), profile,
                work.resolve("rerun"));
        Verdict again = judge(gate, rerun);

        Attachments.text("verdicts", "baseline: " + before.goodput().orElseThrow().format("Mbps")
                + "\nthrottled to " + Math.round(THROTTLED_SHARE * 100) + "% of a core: " + slow.message()
                + "\nunthrottled rerun: " + again.message());
        assertThat(slow.status()).as(slow.message()).isEqualTo(Verdict.Status.FAIL);
        assertThat(again.status()).as(again.message()).isNotEqualTo(Verdict.Status.FAIL);
    }

    private static GoodputResult measure(GoodputCell cell, Profile profile, Path runDir) throws Exception {
        Path cellDir = runDir.resolve(cell.slug());
        GoodputResult result = new GoodputRunner(profile).run(cell, cellDir);
        assertThat(result.broken()).as("cell " + cell).isEmpty();
        CellJournal.write(result, List.of(), false, cellDir);
        return result;
    }

    private static Verdict judge(BudgetGate gate, GoodputResult result) {
        List<Verdict> verdicts = gate.judge(result.cell().coordinates(), result.cell().slug(),
                GoodputReport.metrics(result));
        assertThat(verdicts).hasSize(1);
        return verdicts.get(0);
    }
}
