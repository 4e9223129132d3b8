package dev.quicperf.report.chart;

import java.util.ArrayList;
import java.util.List;

/**
 * A legend laid out in centred rows above the plot. Above rather than inside, so it can never hide
 * data whatever the curves look like; rows wrap so any number of entries fits the width.
 */
final class Legend {

    enum Swatch { LINE, LINE_AND_MARKER, BOX }

    record Entry(String name, String color, String dash, double opacity, Swatch swatch) {
    }

    static final double FONT = 12;
    private static final double ROW = 18;
    private static final double SWATCH = 20;
    private static final double SPACING = 18;

    private final List<Entry> entries;

    Legend(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    double height(double width) {
        return rows(width).size() * ROW;
    }

    void draw(Svg svg, double left, double top, double width) {
        svg.open("g", "class", "legend", "font-size", FONT, "fill", Axis.INK);
        double y = top;
        for (List<Entry> row : rows(width)) {
            double x = left + (width - rowWidth(row, width)) / 2;
            for (Entry e : row) {
                String label = label(e, width);
                svg.open("g", "class", "legend-entry");
                if (!label.equals(e.name())) {
                    svg.tooltip(e.name());
                }
                swatch(svg, e, x, y + ROW / 2);
                svg.text(label, "x", x + SWATCH + 5, "y", y + ROW / 2, "dy", "0.35em");
                svg.close("g");
                x += itemWidth(e, width) + SPACING;
            }
            y += ROW;
        }
        svg.close("g");
    }

    private static void swatch(Svg svg, Entry e, double x, double mid) {
        switch (e.swatch()) {
            case BOX -> svg.add("rect", "x", x + 4, "y", mid - 6, "width", 12, "height", 12,
                    "fill", e.color(), "fill-opacity", e.opacity() < 1 ? e.opacity() : null);
            case LINE, LINE_AND_MARKER -> {
                svg.add("line", "x1", x, "y1", mid, "x2", x + SWATCH, "y2", mid, "stroke", e.color(),
                        "stroke-width", 2, "stroke-dasharray", e.dash());
                if (e.swatch() == Swatch.LINE_AND_MARKER) {
                    svg.add("circle", "cx", x + SWATCH / 2, "cy", mid, "r", 3, "fill", e.color());
                }
            }
        }
    }

    private List<List<Entry>> rows(double width) {
        List<List<Entry>> rows = new ArrayList<>();
        List<Entry> row = new ArrayList<>();
        double used = 0;
        for (Entry e : entries) {
            double w = itemWidth(e, width);
            if (!row.isEmpty() && used + SPACING + w > width) {
                rows.add(row);
                row = new ArrayList<>();
                used = 0;
            }
            used += (row.isEmpty() ? 0 : SPACING) + w;
            row.add(e);
        }
        if (!row.isEmpty()) {
            rows.add(row);
        }
        return rows;
    }

    private static double rowWidth(List<Entry> row, double width) {
        double w = SPACING * (row.size() - 1);
        for (Entry e : row) {
            w += itemWidth(e, width);
        }
        return w;
    }

    private static double itemWidth(Entry e, double width) {
        return SWATCH + 5 + TextMetrics.width(label(e, width), FONT);
    }

    /** Very long names are shortened so one entry cannot take a whole row; the tooltip has it all. */
    private static String label(Entry e, double width) {
        return TextMetrics.ellipsize(e.name(), width * 0.45, FONT);
    }
}
