package dev.quicperf.suite.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quicperf.suite.stats.Summary;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BudgetJudgementTest {

    private static Budget budget(String expectation) {
        return BudgetFile.parse("b.yaml", "- where: {}\n  expect:\n    goodput: \"" + expectation + "\"\n", Map.of()).get(0);
    }

    // mean 100, sd 1.58, n 5: 95% CI about 98.04 .. 101.96
    private static final Summary AROUND_100 = Summary.of(new double[] {98, 99, 100, 101, 102});

    @Test
    void passesOnlyWhenTheWholeIntervalIsOnTheRightSide() {
        assertThat(budget("mean >= 90 Mbps").judge(AROUND_100).status()).isEqualTo(Verdict.Status.PASS);
        assertThat(budget("mean <= 110 Mbps").judge(AROUND_100).status()).isEqualTo(Verdict.Status.PASS);
    }

    @Test
    void failsWhenTheWholeIntervalIsOnTheWrongSide() {
        Verdict v = budget("mean >= 200 Mbps").judge(AROUND_100);
        assertThat(v.status()).isEqualTo(Verdict.Status.FAIL);
        assertThat(v.message()).contains("\"mean >= 200 Mbps\"", "b.yaml:3", "broken", "100.0 ± 1.96 Mbps (n=5)",
                "95% CI 98.04 .. 101.96");
        assertThat(budget("mean < 50 Mbps").judge(AROUND_100).status()).isEqualTo(Verdict.Status.FAIL);
    }

    @Test
    void isInconclusiveWhenTheIntervalStraddlesTheLimit() {
        assertThat(budget("mean >= 101 Mbps").judge(AROUND_100).status()).isEqualTo(Verdict.Status.INCONCLUSIVE);
        assertThat(budget("mean <= 99 Mbps").judge(AROUND_100).status()).isEqualTo(Verdict.Status.INCONCLUSIVE);
    }

    @Test
    void gateFailsWithEveryBrokenBudgetAndOnlyStrictFailsInconclusive() {
        List<Budget> budgets = BudgetFile.parse("b.yaml", """
                - where: {}
                  expect:
                    goodput: "mean >= 500 Mbps"
                    cpu_per_mb: "mean <= 1 ms"
                """, Map.of());
        Map<Metric, Summary> measured = Map.of(Metric.GOODPUT, AROUND_100, Metric.CPU_PER_MB, AROUND_100);
        BudgetGate gate = new BudgetGate(budgets, false);
        List<Verdict> verdicts = gate.judge(Map.of("scenario", "goodput"), measured);
        assertThatThrownBy(() -> gate.enforce("cell", verdicts))
                .hasMessageContaining("goodput \"mean >= 500 Mbps\" (b.yaml:3) broken")
                .hasMessageContaining("cpu_per_mb \"mean <= 1 ms\" (b.yaml:4) broken");

        List<Budget> straddling = BudgetFile.parse("b.yaml", "- where: {}\n  expect:\n    goodput: \"mean >= 101 Mbps\"\n", Map.of());
        List<Verdict> unclear = new BudgetGate(straddling, false).judge(Map.of(), measured);
        new BudgetGate(straddling, false).enforce("cell", unclear);
        assertThatThrownBy(() -> new BudgetGate(straddling, true).enforce("cell", unclear)).hasMessageContaining("[strict mode]");
    }
}
