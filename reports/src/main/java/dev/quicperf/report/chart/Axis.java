package dev.quicperf.report.chart;

import java.util.ArrayList;
import java.util.List;

/**
 * Draws ticks, grid lines and tick labels of one scale along the left or bottom edge of a plot.
 * Labels that would collide are left out (grid lines stay), secondary ones first.
 */
final class Axis {

    static final double TICK_FONT = 11;
    static final double TICK_LEN = 4;
    private static final double GAP = 8;
    private static final String GRID = "#e3e3e3";
    private static final String MINOR_GRID = "#f1f1f1";
    static final String INK = "#333333";

    private Axis() {
    }

    /** Horizontal room the left axis needs for its tick labels and tick marks. */
    static double leftLabelWidth(Scale y) {
        double w = 0;
        for (Scale.Tick t : y.ticks()) {
            w = Math.max(w, TextMetrics.width(t.label(), TICK_FONT));
        }
        return w + TICK_LEN + 4;
    }

    /** Horizontal overhang of the last bottom label past the plot's right edge. */
    static double bottomOverhang(Scale x) {
        List<Scale.Tick> ticks = x.ticks();
        for (int i = ticks.size() - 1; i >= 0; i--) {
            if (ticks.get(i).level() < 2) {
                return TextMetrics.width(ticks.get(i).label(), TICK_FONT) / 2;
            }
        }
        return 0;
    }

    /** Grid lines across to {@code right}, ticks and labels left of {@code x}. */
    static void left(Svg svg, Scale y, double x, double right) {
        List<Scale.Tick> shown = visible(y, t -> TICK_FONT + 2);
        svg.open("g", "class", "axis-y", "font-size", TICK_FONT, "fill", INK, "text-anchor", "end");
        for (Scale.Tick t : y.ticks()) {
            double p = y.px(t.value());
            svg.add("line", "x1", x, "y1", p, "x2", right, "y2", p,
                    "stroke", t.level() == 2 ? MINOR_GRID : GRID, "stroke-width", 1);
            if (t.level() < 2) {
                svg.add("line", "x1", x - TICK_LEN, "y1", p, "x2", x, "y2", p, "stroke", INK);
            }
            if (shown.contains(t)) {
                // dy centres the digits on the tick; dominant-baseline is not honoured by every viewer.
                svg.text(t.label(), "x", x - TICK_LEN - 3, "y", p, "dy", "0.35em");
            }
        }
        svg.close("g");
    }

    /** Grid lines up to {@code top}, ticks and labels below {@code y}. */
    static void bottom(Svg svg, Scale x, double y, double top) {
        List<Scale.Tick> shown = visible(x, t -> TextMetrics.width(t.label(), TICK_FONT));
        svg.open("g", "class", "axis-x", "font-size", TICK_FONT, "fill", INK, "text-anchor", "middle");
        for (Scale.Tick t : x.ticks()) {
            double p = x.px(t.value());
            svg.add("line", "x1", p, "y1", top, "x2", p, "y2", y,
                    "stroke", t.level() == 2 ? MINOR_GRID : GRID, "stroke-width", 1);
            if (t.level() < 2) {
                svg.add("line", "x1", p, "y1", y, "x2", p, "y2", y + TICK_LEN, "stroke", INK);
            }
            if (shown.contains(t)) {
                svg.text(t.label(), "x", p, "y", y + TICK_LEN + TICK_FONT + 2);
            }
        }
        svg.close("g");
    }

    private interface Extent {
        double of(Scale.Tick t);
    }

    /**
     * The labelled ticks that fit without touching: all of them if possible, else only the main ones,
     * else every second, third... main one.
     */
    private static List<Scale.Tick> visible(Scale s, Extent extent) {
        List<Scale.Tick> labelled = new ArrayList<>();
        List<Scale.Tick> main = new ArrayList<>();
        for (Scale.Tick t : s.ticks()) {
            if (t.level() < 2 && !t.label().isEmpty()) {
                labelled.add(t);
                if (t.level() == 0) {
                    main.add(t);
                }
            }
        }
        if (fits(s, labelled, extent)) {
            return labelled;
        }
        for (int stride = 1; stride < main.size(); stride++) {
            List<Scale.Tick> every = new ArrayList<>();
            for (int i = 0; i < main.size(); i += stride) {
                every.add(main.get(i));
            }
            if (fits(s, every, extent)) {
                return every;
            }
        }
        return main.isEmpty() ? main : List.of(main.get(0));
    }

    private static boolean fits(Scale s, List<Scale.Tick> ticks, Extent extent) {
        for (int i = 1; i < ticks.size(); i++) {
            Scale.Tick a = ticks.get(i - 1);
            Scale.Tick b = ticks.get(i);
            double room = Math.abs(s.px(b.value()) - s.px(a.value()));
            if (room < (extent.of(a) + extent.of(b)) / 2 + GAP) {
                return false;
            }
        }
        return true;
    }
}
