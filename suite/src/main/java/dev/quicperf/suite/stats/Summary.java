package dev.quicperf.suite.stats;

import java.util.Arrays;
import java.util.Locale;

/**
 * Mean, sample standard deviation and 95% confidence interval of the mean (Student's t) over
 * the measured runs of a cell. A single sample has no interval: its half-width is infinite, so
 * no budget can pass or fail on it.
 */
public record Summary(int n, double mean, double stddev, double ciHalfWidth, double min, double max) {

    public static Summary of(double[] samples) {
        int n = samples.length;
        if (n == 0) {
            throw new IllegalArgumentException("no samples to summarise");
        }
        double mean = Arrays.stream(samples).average().orElseThrow();
        double ss = 0;
        for (double s : samples) {
            ss += (s - mean) * (s - mean);
        }
        double sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
        double half = n > 1 ? StudentT.quantile975(n - 1) * sd / Math.sqrt(n) : Double.POSITIVE_INFINITY;
        return new Summary(n, mean, sd, half,
                Arrays.stream(samples).min().orElseThrow(), Arrays.stream(samples).max().orElseThrow());
    }

    public double ciLow() {
        return mean - ciHalfWidth;
    }

    public double ciHigh() {
        return mean + ciHalfWidth;
    }

    /** JMH style: {@code 412.3 ± 12.1 (n=30)}. */
    public String format(String unit) {
        return String.format(Locale.ROOT, "%s ± %s %s (n=%d)", num(mean), num(ciHalfWidth), unit, n);
    }

    static String num(double v) {
        if (Double.isInfinite(v)) {
            return "∞";
        }
        double a = Math.abs(v);
        String f = a >= 100 ? "%.1f" : a >= 1 ? "%.2f" : "%.4f";
        return String.format(Locale.ROOT, f, v);
    }
}
