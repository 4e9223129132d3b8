package dev.quicperf.suite.budget;

import dev.quicperf.suite.stats.Summary;
import io.qameta.allure.Allure;
import io.qameta.allure.model.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;

/**
 * Applies the budgets that select a cell to what it measured. Every broken budget of the cell
 * is reported at once (soft assertions); an inconclusive one fails only in strict mode.
 */
public final class BudgetGate {

    private final List<Budget> budgets;
    private final boolean strict;

    public BudgetGate(List<Budget> budgets, boolean strict) {
        this.budgets = List.copyOf(budgets);
        this.strict = strict;
    }

    public List<Verdict> judge(Map<String, String> cell, Map<Metric, Summary> measured) {
        List<Verdict> verdicts = new ArrayList<>();
        for (Budget b : budgets) {
            if (!b.selector().matches(cell)) {
                continue;
            }
            Summary s = measured.get(b.metric());
            if (s == null && b.metric().needsSibling().isPresent()) {
                // Leaving out the sibling cell or the profiled runs is a choice of the run, not a fault of this cell.
                verdicts.add(new Verdict(b, Verdict.Status.INCONCLUSIVE, "budget " + b.metric().key + " \""
                        + b.expectation().text() + "\" (" + b.location() + ") not judged: it needs "
                        + b.metric().needsSibling().get()));
            } else if (s == null) {
                verdicts.add(new Verdict(b, Verdict.Status.FAIL, "budget " + b.metric().key + " \""
                        + b.expectation().text() + "\" (" + b.location() + ") cannot be judged: the cell measured no "
                        + b.metric().key));
            } else {
                verdicts.add(b.judge(s));
            }
        }
        return verdicts;
    }

    /**
     * Shows each verdict as an Allure step, then fails the test if any budget is broken.
     *
     * @param cell names the cell in the failure message, so a CI log line stands on its own
     */
    public void enforce(String cell, List<Verdict> verdicts) {
        SoftAssertions soft = new SoftAssertions();
        for (Verdict v : verdicts) {
            boolean fails = v.status() == Verdict.Status.FAIL
                    || (strict && v.status() == Verdict.Status.INCONCLUSIVE);
            Allure.step(v.message(), switch (v.status()) {
                case PASS -> Status.PASSED;
                case FAIL -> Status.FAILED;
                case INCONCLUSIVE -> strict ? Status.FAILED : Status.SKIPPED;
            });
            if (fails) {
                soft.fail(cell + ": " + v.message()
                        + (v.status() == Verdict.Status.INCONCLUSIVE ? " [strict mode]" : "") + "\n");
            }
        }
        soft.assertAll();
    }
}
