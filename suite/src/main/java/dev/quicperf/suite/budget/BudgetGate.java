package dev.quicperf.suite.budget;

import dev.quicperf.suite.baseline.Baseline;
import dev.quicperf.suite.stats.Summary;
import io.qameta.allure.Allure;
import io.qameta.allure.model.Status;
import io.qameta.allure.model.StatusDetails;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.SoftAssertions;

/**
 * Applies the budgets that select a cell to what it measured. Every broken budget of the cell
 * is reported at once (soft assertions); an inconclusive one fails only in strict mode.
 */
public final class BudgetGate {

    private final List<Budget> budgets;
    private final boolean strict;
    private final Optional<Baseline> baseline;
    private final String profile;

    public BudgetGate(List<Budget> budgets, boolean strict) {
        this(budgets, strict, Optional.empty(), "");
    }

    /**
     * @param baseline the earlier run that relative budgets ({@code ">= -5% vs baseline"}) compare with
     * @param profile this run's profile: a baseline cell of another profile is not comparable
     */
    public BudgetGate(List<Budget> budgets, boolean strict, Optional<Baseline> baseline, String profile) {
        this.budgets = List.copyOf(budgets);
        this.strict = strict;
        this.baseline = baseline;
        this.profile = profile;
    }

    public List<Verdict> judge(Map<String, String> cell, Map<Metric, Summary> measured) {
        return judge(cell, "", measured);
    }

    /** @param slug the cell's directory name, which finds it in the baseline */
    public List<Verdict> judge(Map<String, String> cell, String slug, Map<Metric, Summary> measured) {
        List<Verdict> verdicts = new ArrayList<>();
        for (Budget b : budgets) {
            if (!b.selector().matches(cell)) {
                continue;
            }
            Summary s = measured.get(b.metric());
            if (b.expectation().relative() && baseline.isEmpty()) {
                // A change needs something to change from: without -Dquicperf.baseline there is nothing to judge.
                continue;
            }
            if (s != null && b.expectation().relative()) {
                verdicts.add(judgeAgainstBaseline(b, slug, s));
            } else if (s == null && b.metric().needsSibling().isPresent()) {
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

    private Verdict judgeAgainstBaseline(Budget b, String slug, Summary now) {
        String head = "budget " + b.metric().key + " \"" + b.expectation().text() + "\" (" + b.location() + ") not judged: ";
        Baseline.Lookup before = baseline.get().lookup(slug, profile, b.metric());
        if (before.summary().isEmpty()) {
            return new Verdict(b, Verdict.Status.INCONCLUSIVE, head + before.missingBecause());
        }
        return b.judgeChange(before.summary().get(), now);
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
        List<String> inconclusive = verdicts.stream().filter(v -> v.status() == Verdict.Status.INCONCLUSIVE)
                .map(Verdict::message).toList();
        if (!strict && !inconclusive.isEmpty()) {
            // A passing cell carries no message; this one lets Allure file it under "Budget inconclusive".
            Allure.getLifecycle().updateTestCase(t -> t.setStatusDetails(new StatusDetails()
                    .setMessage(String.join("\n", inconclusive))));
        }
        soft.assertAll();
    }
}
