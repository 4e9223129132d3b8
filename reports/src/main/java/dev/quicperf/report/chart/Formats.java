package dev.quicperf.report.chart;

import java.util.Locale;
import java.util.function.DoubleFunction;

/** Ready-made label formatters for axes and bar totals; callers pass their own for units. */
public final class Formats {

    private Formats() {
    }

    /**
     * Short numbers for labels: two decimals below 10, one below 100, none above, and a power of ten
     * for the very large or very small so a tick label never grows wider than its neighbours' gap.
     */
    public static DoubleFunction<String> number() {
        return Formats::compact;
    }

    /** A fraction 0..1 as percent, e.g. 0.5 → "50%", 0.999 → "99.9%". */
    public static DoubleFunction<String> percent() {
        return v -> trim(String.format(Locale.ROOT, "%.1f", 100 * v)) + "%";
    }

    /** Fixed number of decimals; linear axes use it so all labels of one axis look alike. */
    static DoubleFunction<String> decimals(int decimals) {
        int d = Math.max(0, Math.min(6, decimals));
        return v -> clean(String.format(Locale.ROOT, "%." + d + "f", v));
    }

    static String compact(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "∞" : "-∞";
        }
        double a = Math.abs(v);
        if (a == 0) {
            return "0";
        }
        if (a >= 1e7 || a < 1e-3) {
            int exp = (int) Math.floor(Math.log10(a));
            double mantissa = v / Math.pow(10, exp);
            return trim(String.format(Locale.ROOT, "%.2f", mantissa)) + "e" + exp;
        }
        String s = String.format(Locale.ROOT, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 0.01 ? "%.2f" : "%.3f", v);
        return clean(trim(s));
    }

    private static String trim(String s) {
        if (s.indexOf('.') < 0) {
            return s;
        }
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        if (s.charAt(end - 1) == '.') {
            end--;
        }
        return s.substring(0, end);
    }

    /** Rounding can leave "-0" or "-0.00" behind for tiny negatives; a tick at zero reads "0". */
    private static String clean(String s) {
        return s.matches("-0(\\.0+)?") ? s.substring(1) : s;
    }
}
