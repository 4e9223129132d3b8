package dev.quicperf.suite.stats;

/** Two-sided 95% quantiles of Student's t distribution, for confidence intervals of a mean. */
final class StudentT {

    // t(0.975, df) for df = 1..30, from any statistics table.
    private static final double[] T975 = {
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
        2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};

    private StudentT() {
    }

    static double quantile975(int df) {
        if (df < 1) {
            throw new IllegalArgumentException("a confidence interval needs at least 2 samples");
        }
        if (df <= 30) {
            return T975[df - 1];
        }
        if (df <= 40) {
            return 2.021 + (2.042 - 2.021) * (40 - df) / 10.0;
        }
        if (df <= 60) {
            return 2.000 + (2.021 - 2.000) * (60 - df) / 20.0;
        }
        if (df <= 120) {
            return 1.980 + (2.000 - 1.980) * (120 - df) / 60.0;
        }
        return 1.960;
    }
}
