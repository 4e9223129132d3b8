package dev.quicperf.report.chart;

import java.util.List;

/** What surrounds every plot: the title, the axis captions, the border and the "no data" notice. */
final class Frame {

    static final double PAD = 10;
    static final double TITLE_FONT = 14;
    static final double LABEL_FONT = 12;
    /** Horizontal room the rotated y caption takes at the left edge. */
    static final double Y_CAPTION = LABEL_FONT + 8;
    /** Vertical room the x caption takes at the bottom edge. */
    static final double X_CAPTION = LABEL_FONT + 6;

    private Frame() {
    }

    /** Draws the title centred, on up to two lines, and returns the y where the content below may start. */
    static double title(Svg svg, String title, double width) {
        double lineHeight = TITLE_FONT + 4;
        if (title == null || title.isBlank()) {
            return PAD;
        }
        // Bold glyphs run about a tenth wider than the regular ones TextMetrics knows.
        double measureFont = TITLE_FONT * 1.1;
        List<String> lines = TextMetrics.wrap(title, width - 2 * PAD, measureFont);
        if (lines.size() > 2) {
            String rest = String.join(" ", lines.subList(1, lines.size()));
            lines = List.of(lines.get(0), rest);
        }
        double y = PAD;
        svg.open("g", "class", "title", "font-size", TITLE_FONT, "font-weight", "bold", "fill", "#111111",
                "text-anchor", "middle");
        for (String line : lines) {
            y += lineHeight;
            svg.text(TextMetrics.ellipsize(line, width - 2 * PAD, measureFont), "x", width / 2, "y", y - 4);
        }
        svg.close("g");
        return y;
    }

    /** The value caption, rotated to read bottom-up along the left edge, centred on the plot. */
    static void yCaption(Svg svg, String caption, double plotTop, double plotBottom) {
        if (caption == null || caption.isBlank()) {
            return;
        }
        double x = PAD + LABEL_FONT;
        double y = (plotTop + plotBottom) / 2;
        String text = TextMetrics.ellipsize(caption, plotBottom - plotTop, LABEL_FONT);
        svg.text(text, "class", "y-label", "x", x, "y", y, "font-size", LABEL_FONT, "fill", Axis.INK,
                "text-anchor", "middle", "transform", "rotate(-90 " + Svg.num(x) + " " + Svg.num(y) + ")");
    }

    static void xCaption(Svg svg, String caption, double plotLeft, double plotRight, double height) {
        if (caption == null || caption.isBlank()) {
            return;
        }
        String text = TextMetrics.ellipsize(caption, plotRight - plotLeft, LABEL_FONT);
        svg.text(text, "class", "x-label", "x", (plotLeft + plotRight) / 2, "y", height - PAD - 2,
                "font-size", LABEL_FONT, "fill", Axis.INK, "text-anchor", "middle");
    }

    static void border(Svg svg, double left, double top, double right, double bottom) {
        svg.add("rect", "class", "plot", "x", left, "y", top, "width", right - left, "height", bottom - top,
                "fill", "none", "stroke", Axis.INK, "stroke-width", 1);
    }

    /** An empty plot with a notice, so a report still shows where the chart would have been. */
    static String noData(Svg svg, double width, double height, double top) {
        double left = PAD + Y_CAPTION;
        double bottom = height - PAD - X_CAPTION;
        border(svg, left, top, width - PAD, bottom);
        svg.text("no data", "class", "no-data", "x", (left + width - PAD) / 2, "y", (top + bottom) / 2,
                "dy", "0.35em", "font-size", 14, "fill", "#777777", "text-anchor", "middle");
        return svg.finish();
    }
}
