package dev.quicperf.report.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * Maps a data range onto a pixel range, linearly or by log10, and chooses the ticks. The data range
 * is widened to whole tick steps (linear) or whole decades (log) so the axis starts and ends on a
 * labelled value.
 */
public final class Scale {

    /**
     * A tick: {@code level} 0 is a main tick (labelled), 1 a secondary labelled tick that an axis
     * may drop first when labels crowd (the 2 and 5 between decades), 2 a minor tick with only a
     * grid line.
     */
    public record Tick(double value, String label, int level) {
    }

    private static final int LINEAR_TICKS = 5;

    private final boolean log;
    private final double min;
    private final double max;
    private final double pixelFrom;
    private final double pixelTo;
    private final List<Tick> ticks;

    private Scale(boolean log, double min, double max, double pixelFrom, double pixelTo, List<Tick> ticks) {
        this.log = log;
        this.min = min;
        this.max = max;
        this.pixelFrom = pixelFrom;
        this.pixelTo = pixelTo;
        this.ticks = ticks;
    }

    /**
     * A linear scale covering at least {@code [lo, hi]}, widened to steps of 1, 2 or 5 × 10^k.
     * With {@code format} null, labels get as many decimals as the step needs.
     */
    public static Scale linear(double lo, double hi, DoubleFunction<String> format) {
        requireFinite(lo, hi);
        double a = Math.min(lo, hi);
        double b = Math.max(lo, hi);
        if (a == b) {
            // One value has no extent; give it some room around itself instead of dividing by zero.
            double pad = a == 0 ? 1 : Math.abs(a) * 0.1;
            a -= pad;
            b += pad;
            if (lo >= 0 && a < 0) {
                a = 0;
            }
        }
        double step = niceStep((b - a) / LINEAR_TICKS);
        long first = (long) Math.floor(a / step + 1e-9);
        long last = (long) Math.ceil(b / step - 1e-9);
        if (first == last) {
            last++;
        }
        DoubleFunction<String> f = format != null ? format
                : Formats.decimals((int) Math.max(0, -Math.floor(Math.log10(step) + 1e-9)));
        List<Tick> ticks = new ArrayList<>();
        for (long k = first; k <= last; k++) {
            double v = k * step;
            ticks.add(new Tick(v, f.apply(v), 0));
        }
        return new Scale(false, first * step, last * step, 0, 1, List.copyOf(ticks));
    }

    /**
     * A log10 scale from the decade at or below {@code lo} to the decade at or above {@code hi}.
     * Both ends must be positive. With few decades the 2 and 5 multiples get labels too; with many,
     * the 2..9 multiples only get grid lines.
     */
    public static Scale log(double lo, double hi, DoubleFunction<String> format) {
        requireFinite(lo, hi);
        double a = Math.min(lo, hi);
        double b = Math.max(lo, hi);
        if (a <= 0) {
            throw new IllegalArgumentException("log scale needs positive values, got " + a);
        }
        int first = (int) Math.floor(Math.log10(a) + 1e-9);
        int last = (int) Math.ceil(Math.log10(b) - 1e-9);
        if (first == last) {
            first--;
            last++;
        }
        DoubleFunction<String> f = format != null ? format : Formats.number();
        int decades = last - first;
        List<Tick> ticks = new ArrayList<>();
        for (int e = first; e <= last; e++) {
            double decade = Math.pow(10, e);
            ticks.add(new Tick(decade, f.apply(decade), 0));
            if (e == last || decades > 8) {
                continue;
            }
            for (int m = 2; m <= 9; m++) {
                double v = m * decade;
                boolean labelled = decades <= 3 && (m == 2 || m == 5);
                ticks.add(new Tick(v, labelled ? f.apply(v) : "", labelled ? 1 : 2));
            }
        }
        return new Scale(true, Math.pow(10, first), Math.pow(10, last), 0, 1, List.copyOf(ticks));
    }

    /**
     * The same range with labelled ticks at exactly {@code values} (those inside the range), for
     * axes whose data sits at a few known points such as the measured object sizes. The regular
     * ticks stay as unlabelled grid lines.
     */
    public Scale withTicks(double[] values, DoubleFunction<String> format) {
        DoubleFunction<String> f = format != null ? format : Formats.number();
        List<Tick> out = new ArrayList<>();
        for (Tick t : ticks) {
            out.add(new Tick(t.value(), "", 2));
        }
        for (double v : values) {
            if (accepts(v) && v >= min && v <= max) {
                out.removeIf(t -> t.value() == v);
                out.add(new Tick(v, f.apply(v), 0));
            }
        }
        out.sort(java.util.Comparator.comparingDouble(Tick::value));
        return new Scale(log, min, max, pixelFrom, pixelTo, List.copyOf(out));
    }

    /** The same scale drawn between two pixel positions; {@code to} may be smaller (y grows downwards). */
    public Scale toPixels(double from, double to) {
        return new Scale(log, min, max, from, to, ticks);
    }

    public double px(double v) {
        double t = log ? (Math.log10(v) - Math.log10(min)) / (Math.log10(max) - Math.log10(min))
                : (v - min) / (max - min);
        return pixelFrom + t * (pixelTo - pixelFrom);
    }

    /** Whether {@code v} can be placed on this scale at all (log scales cannot place zero or less). */
    public boolean accepts(double v) {
        return Double.isFinite(v) && (!log || v > 0);
    }

    public boolean isLog() {
        return log;
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    public List<Tick> ticks() {
        return ticks;
    }

    private static double niceStep(double raw) {
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double norm = raw / mag;
        double nice = norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10;
        return nice * mag;
    }

    private static void requireFinite(double lo, double hi) {
        if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
            throw new IllegalArgumentException("scale range must be finite, got " + lo + " .. " + hi);
        }
    }
}
