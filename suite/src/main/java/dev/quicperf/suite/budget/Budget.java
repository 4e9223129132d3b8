package dev.quicperf.suite.budget;

import dev.quicperf.suite.stats.Summary;
import dev.quicperf.suite.stats.Welch;

/**
 * One line of a budgets file: a selector, a metric and its expectation, and where it was
 * written so a failure can point a person at it.
 */
public record Budget(Selector selector, Metric metric, Expectation expectation, String source, int line) {

    public String location() {
        return source + ":" + line;
    }

    /**
     * Judges a cell's measured summary (in the metric's canonical unit) on its 95% confidence
     * interval of the mean.
     */
    public Verdict judge(Summary measured) {
        Verdict.Status status = classify(measured.ciLow(), measured.ciHigh());
        String message = String.format(java.util.Locale.ROOT,
                "budget %s \"%s\" (%s) %s: measured %s, 95%% CI %s .. %s %s",
                metric.key, expectation.text(), location(), describe(status), measured.format(metric.unit),
                fmt(measured.ciLow()), fmt(measured.ciHigh()), metric.unit);
        return new Verdict(this, status, message);
    }

    /**
     * Judges the change of a cell's mean against the same cell of the baseline run, on the 95%
     * interval of that change (Welch's t): noise alone gives an interval that reaches past the
     * limit, which is inconclusive, not failed; a real regression moves the whole interval.
     */
    public Verdict judgeChange(Summary before, Summary now) {
        Welch change = Welch.compare(before, now);
        double half = Double.isNaN(change.ciHalfWidth()) ? Double.POSITIVE_INFINITY : change.ciHalfWidth();
        Verdict.Status status = classify(change.relative() - half, change.relative() + half);
        String message = String.format(java.util.Locale.ROOT,
                "budget %s \"%s\" (%s) %s: change %s against the baseline (baseline %s; this run %s)",
                metric.key, expectation.text(), location(), describe(status), change.format(),
                before.format(metric.unit), now.format(metric.unit));
        return new Verdict(this, status, message);
    }

    /** Pass when the whole interval is on the right side of the limit, fail when all of it is on the wrong side. */
    private Verdict.Status classify(double low, double high) {
        var op = expectation.operator();
        boolean lowSide = op.holds(low, expectation.canonicalLimit());
        boolean highSide = op.holds(high, expectation.canonicalLimit());
        return lowSide && highSide ? Verdict.Status.PASS
                : !lowSide && !highSide ? Verdict.Status.FAIL : Verdict.Status.INCONCLUSIVE;
    }

    private static String describe(Verdict.Status status) {
        return switch (status) {
            case PASS -> "met";
            case FAIL -> "broken";
            case INCONCLUSIVE -> "inconclusive (the interval straddles the limit)";
        };
    }

    private static String fmt(double v) {
        return Double.isInfinite(v) ? (v > 0 ? "∞" : "-∞") : String.format(java.util.Locale.ROOT, "%.2f", v);
    }
}
