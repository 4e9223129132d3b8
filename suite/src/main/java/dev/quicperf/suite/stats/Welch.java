package dev.quicperf.suite.stats;

/**
 * The relative change of one mean against another, with a 95% interval from Welch's t (no
 * assumption that the two have equal variances), e.g. profiled runs against unprofiled ones.
 *
 * @param relative (mean of {@code b} / mean of {@code a}) - 1
 * @param ciHalfWidth half-width of the interval of {@code relative}, NaN when a side has one sample
 */
public record Welch(double relative, double ciHalfWidth) {

    public static Welch compare(Summary a, Summary b) {
        double relative = b.mean() / a.mean() - 1;
        if (a.n() < 2 || b.n() < 2) {
            return new Welch(relative, Double.NaN);
        }
        double va = a.stddev() * a.stddev() / a.n();
        double vb = b.stddev() * b.stddev() / b.n();
        double se = Math.sqrt(va + vb);
        if (se == 0) {
            return new Welch(relative, 0);
        }
        double df = (va + vb) * (va + vb) / (va * va / (a.n() - 1) + vb * vb / (b.n() - 1));
        double t = StudentT.quantile975(Math.max(1, (int) Math.floor(df)));
        return new Welch(relative, t * se / a.mean());
    }

    /** The ratio {@code b / a} as a summary a budget can judge: 1 + relative, with the same interval. */
    public Summary asRatio(int n) {
        return new Summary(n, 1 + relative, Double.NaN, Double.isNaN(ciHalfWidth) ? Double.POSITIVE_INFINITY : ciHalfWidth,
                Double.NaN, Double.NaN);
    }

    /** Whether the interval leaves out zero: the change is more than noise at 95%. */
    public boolean significant() {
        return !Double.isNaN(ciHalfWidth) && Math.abs(relative) > ciHalfWidth;
    }

    /** e.g. {@code -2.1% ± 3.4% (not significant)}. */
    public String format() {
        String change = String.format("%+.1f%%", relative * 100);
        if (Double.isNaN(ciHalfWidth)) {
            return change + " (one sample: no interval)";
        }
        return change + String.format(" ± %.1f%%", ciHalfWidth * 100) + (significant() ? " (significant)" : " (not significant)");
    }
}
