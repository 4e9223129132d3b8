package dev.quicperf.report.chart;

/**
 * Colours by position. Okabe–Ito's colour-blind-safe set, minus its yellow (invisible as a thin
 * line on white) and with grey instead of black (black segments swallow their neighbours). Position
 * decides the colour, so "TLS" or "netty-quic" look the same in every chart that lists them first.
 */
final class Palette {

    private static final String[] COLORS = {
        "#0072B2", // blue
        "#D55E00", // vermillion
        "#009E73", // bluish green
        "#CC79A7", // reddish purple
        "#E69F00", // orange
        "#56B4E9", // sky blue
        "#999999", // grey
        "#000000", // black
    };

    /** Past the palette, lines repeat colours with a dash pattern so they remain distinguishable. */
    private static final String[] DASHES = {null, "7 4", "2 3", "9 3 2 3"};

    private Palette() {
    }

    static int size() {
        return COLORS.length;
    }

    static String color(int i) {
        return COLORS[i % COLORS.length];
    }

    /** {@code stroke-dasharray} for series {@code i}, or null for a solid line. */
    static String dash(int i) {
        return DASHES[(i / COLORS.length) % DASHES.length];
    }

    /** Fills repeat colours past the palette at lower opacity, for the same reason lines get dashes. */
    static double fillOpacity(int i) {
        return i < COLORS.length ? 1.0 : 0.5;
    }
}
