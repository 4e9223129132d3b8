package dev.quicperf.suite.budget;

import dev.quicperf.suite.stats.Summary;

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
        double limit = expectation.canonicalLimit();
        var op = expectation.operator();
        boolean lowSide = op.holds(measured.ciLow(), limit);
        boolean highSide = op.holds(measured.ciHigh(), limit);
        Verdict.Status status;
        if (lowSide && highSide) {
            status = Verdict.Status.PASS;
        } else if (!lowSide && !highSide) {
            status = Verdict.Status.FAIL;
        } else {
            status = Verdict.Status.INCONCLUSIVE;
        }
        String what = switch (status) {
            case PASS -> "met";
            case FAIL -> "broken";
            case INCONCLUSIVE -> "inconclusive (the interval straddles the limit)";
        };
        String message = String.format(java.util.Locale.ROOT,
                "budget %s \"%s\" (%s) %s: measured %s, 95%% CI %s .. %s %s",
                metric.key, expectation.text(), location(), what, measured.format(metric.unit),
                fmt(measured.ciLow()), fmt(measured.ciHigh()), metric.unit);
        return new Verdict(this, status, message);
    }

    private static String fmt(double v) {
        return Double.isInfinite(v) ? (v > 0 ? "∞" : "-∞") : String.format(java.util.Locale.ROOT, "%.2f", v);
    }
}
