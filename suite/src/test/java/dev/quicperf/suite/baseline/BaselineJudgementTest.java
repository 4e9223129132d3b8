package dev.quicperf.suite.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quicperf.suite.budget.Budget;
import dev.quicperf.suite.budget.BudgetFile;
import dev.quicperf.suite.budget.BudgetFileException;
import dev.quicperf.suite.budget.BudgetGate;
import dev.quicperf.suite.budget.Metric;
import dev.quicperf.suite.budget.Verdict;
import dev.quicperf.suite.stats.Summary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Relative budgets and the baseline they compare with, without running a cell. */
class BaselineJudgementTest {

    private static final String SLUG = "goodput-netty-quic-epoll+gso-linux-20MB";
    // Five runs around 1,000 Mbps with the spread this machine shows (±10%).
    private static final Summary BEFORE = Summary.of(new double[] {900, 950, 1000, 1050, 1100});

    @TempDir
    Path dir;

    private static List<Budget> relative(String expectation) {
        return BudgetFile.parse("b.yaml", "- where: {}\n  expect:\n    goodput: \"" + expectation + "\"\n", Map.of());
    }

    private Baseline baselineWith(Summary goodput, String profile, boolean partial) throws Exception {
        Path cell = Files.createDirectories(dir.resolve("runs").resolve(SLUG));
        Files.writeString(cell.resolve("cell.json"), """
                {"schema": "quicperf.goodput-cell/1", "partial": %s, "profile": "%s",
                 "goodputMbps": {"mean": %s, "ci95HalfWidth": %s, "stddev": %s, "min": 0, "max": 0, "n": %d}}
                """.formatted(partial, profile, goodput.mean(), goodput.ciHalfWidth(), goodput.stddev(), goodput.n()));
        return Baseline.load(dir.resolve("runs"));
    }

    private Verdict judge(String expectation, Summary now, Baseline baseline) {
        List<Verdict> v = new BudgetGate(relative(expectation), false, Optional.of(baseline), "smoke")
                .judge(Map.of("scenario", "goodput"), SLUG, Map.of(Metric.GOODPUT, now));
        assertThat(v).hasSize(1);
        return v.get(0);
    }

    @Test
    void aHalvingFailsNoiseIsNotAFailure() throws Exception {
        Baseline b = baselineWith(BEFORE, "smoke", false);
        Verdict halved = judge(">= -20% vs baseline", Summary.of(new double[] {450, 480, 500, 520, 550}), b);
        assertThat(halved.status()).isEqualTo(Verdict.Status.FAIL);
        assertThat(halved.message()).contains("\">= -20% vs baseline\"", "b.yaml:3", "broken", "-50.0%", "(significant)");

        Verdict same = judge(">= -20% vs baseline", Summary.of(new double[] {920, 960, 990, 1040, 1090}), b);
        assertThat(same.status()).isEqualTo(Verdict.Status.PASS);

        // 15% down with wide spread: the interval reaches past -20%, so the gate cannot tell.
        Verdict unclear = judge(">= -20% vs baseline", Summary.of(new double[] {600, 750, 850, 950, 1100}), b);
        assertThat(unclear.status()).isEqualTo(Verdict.Status.INCONCLUSIVE);
    }

    @Test
    void anUpperBoundOnCostWorksTheOtherWayRound() throws Exception {
        Baseline b = baselineWith(BEFORE, "smoke", false);
        assertThat(judge("<= +10% vs baseline", Summary.of(new double[] {1900, 1950, 2000, 2050, 2100}), b).status())
                .isEqualTo(Verdict.Status.FAIL);
        assertThat(judge("<= +10% vs baseline", Summary.of(new double[] {800, 820, 850, 870, 900}), b).status())
                .isEqualTo(Verdict.Status.PASS);
    }

    @Test
    void aBaselineCellOfAnotherProfileOrAnInterruptedOneIsNotCompared() throws Exception {
        Summary now = Summary.of(new double[] {450, 480, 500, 520, 550});
        Verdict otherProfile = judge(">= -20% vs baseline", now, baselineWith(BEFORE, "thesis", false));
        assertThat(otherProfile.status()).isEqualTo(Verdict.Status.INCONCLUSIVE);
        assertThat(otherProfile.message()).contains("ran profile thesis, this run smoke");
        Verdict partial = judge(">= -20% vs baseline", now, baselineWith(BEFORE, "smoke", true));
        assertThat(partial.message()).contains("interrupted (partial)");
    }

    @Test
    void onlyTheRunsOwnCellsCountNotCellsDeeperDown() throws Exception {
        baselineWith(BEFORE, "smoke", false);
        // The baseline gate test keeps a throttled copy of this cell two levels down in the same run.
        Path deeper = Files.createDirectories(dir.resolve("runs/baseline-gate/throttled").resolve(SLUG));
        Files.writeString(deeper.resolve("cell.json"), """
                {"schema": "quicperf.goodput-cell/1", "partial": false, "profile": "smoke",
                 "goodputMbps": {"mean": 100.0, "ci95HalfWidth": 5.0, "stddev": 4.0, "min": 0, "max": 0, "n": 5}}
                """);
        Baseline b = Baseline.load(dir.resolve("runs"));
        assertThat(b.lookup(SLUG, "smoke", Metric.GOODPUT).summary().orElseThrow().mean()).isEqualTo(1000.0);
    }

    @Test
    void withoutABaselineRelativeBudgetsAreNotJudgedAtAll() {
        List<Verdict> v = new BudgetGate(relative(">= -20% vs baseline"), true, Optional.empty(), "smoke")
                .judge(Map.of("scenario", "goodput"), SLUG, Map.of(Metric.GOODPUT, BEFORE));
        assertThat(v).isEmpty();
    }

    @Test
    void badBaselinesAndBadRelativeBudgetsSayWhatToDo() throws Exception {
        assertThatThrownBy(() -> Baseline.load(dir.resolve("nowhere")))
                .hasMessageContaining("no such directory").hasMessageContaining("quicperf-runs");
        Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> Baseline.load(dir.resolve("empty")))
                .hasMessageContaining("no cell.json of a goodput or load cell");
        assertThatThrownBy(() -> BudgetFile.parse("b.yaml",
                "- where: {}\n  expect:\n    goodput_vs_linux: \">= -5% vs baseline\"\n", Map.of()))
                .isInstanceOf(BudgetFileException.class).hasMessageContaining("b.yaml:3")
                .hasMessageContaining("already a ratio");
        assertThatThrownBy(() -> BudgetFile.parse("b.yaml",
                "- where: {}\n  expect:\n    goodput: \">= -5 vs baseline\"\n", Map.of()))
                .hasMessageContaining("\">= -5% vs baseline\"");
    }
}
