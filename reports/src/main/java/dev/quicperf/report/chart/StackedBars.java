package dev.quicperf.report.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * Vertical bars split into segments, one segment per category, with each bar's total above it.
 * A category keeps its colour by position, so the same breakdown reads alike across charts.
 */
public final class StackedBars {

    private record Bar(String label, double[] values) {
    }

    private static final double TOTAL_FONT = 11;

    private final String title;
    private final String valueLabel;
    private final List<String> categories;
    private final List<Bar> bars = new ArrayList<>();
    private int width = 720;
    private int height = 400;
    private DoubleFunction<String> valueFormat;

    public StackedBars(String title, String valueLabel, List<String> categories) {
        this.title = title;
        this.valueLabel = valueLabel;
        this.categories = List.copyOf(categories);
    }

    public StackedBars size(int width, int height) {
        if (width < 200 || height < 150) {
            throw new IllegalArgumentException("chart must be at least 200x150, got " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        return this;
    }

    /** Formats the totals, the segment values and the axis labels; default {@link Formats#number()}. */
    public StackedBars valueFormat(DoubleFunction<String> format) {
        this.valueFormat = format;
        return this;
    }

    /**
     * A bar with one value per category in category order; NaN or 0 leaves a segment out. Negative
     * or infinite values cannot be stacked and are rejected here, where the caller can still tell
     * which measurement was wrong.
     */
    public StackedBars bar(String label, double... values) {
        String name = label == null ? "" : label;
        if (values.length != categories.size()) {
            throw new IllegalArgumentException("bar '" + name + "': " + values.length + " values for "
                    + categories.size() + " categories");
        }
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (Double.isInfinite(v) || v < 0) {
                throw new IllegalArgumentException("bar '" + name + "', segment '" + categories.get(i)
                        + "': value " + v + " cannot be stacked");
            }
        }
        bars.add(new Bar(name, values.clone()));
        return this;
    }

    public String render() {
        Svg svg = new Svg(width, height, title);
        double top = Frame.title(svg, title, width);
        double maxTotal = 0;
        for (Bar b : bars) {
            maxTotal = Math.max(maxTotal, total(b));
        }
        if (maxTotal <= 0) {
            return Frame.noData(svg, width, height, top + 8);
        }
        DoubleFunction<String> format = valueFormat != null ? valueFormat : Formats.number();
        Scale ys = Scale.linear(0, maxTotal, valueFormat);

        Legend legend = new Legend(legendEntries());
        double legendTop = top + 4;
        // The extra room above the plot is for the total printed over the tallest bar.
        double plotTop = legendTop + legend.height(width - 2 * Frame.PAD) + 12 + TOTAL_FONT + 6;
        double plotLeft = Frame.PAD + Frame.Y_CAPTION + Axis.leftLabelWidth(ys);
        double plotRight = width - Frame.PAD - 6;
        double slot = (plotRight - plotLeft) / bars.size();
        BarLabels labels = BarLabels.layout(bars.stream().map(Bar::label).toList(), slot, plotLeft,
                height * 0.35);
        double plotBottom = height - Frame.PAD - Axis.TICK_LEN - 4 - labels.height;
        ys = ys.toPixels(plotBottom, plotTop);

        legend.draw(svg, Frame.PAD, legendTop, width - 2 * Frame.PAD);
        Axis.left(svg, ys, plotLeft, plotRight);
        svg.add("line", "x1", plotLeft, "y1", plotTop, "x2", plotLeft, "y2", plotBottom, "stroke", Axis.INK);
        svg.add("line", "x1", plotLeft, "y1", plotBottom, "x2", plotRight, "y2", plotBottom, "stroke", Axis.INK);
        Frame.yCaption(svg, valueLabel, plotTop, plotBottom);

        double barWidth = Math.min(slot * 0.62, 90);
        for (int i = 0; i < bars.size(); i++) {
            double centre = plotLeft + slot * (i + 0.5);
            drawBar(svg, bars.get(i), centre, barWidth, ys, format);
            labels.draw(svg, i, centre, plotBottom + Axis.TICK_LEN + 4);
        }
        return svg.finish();
    }

    private void drawBar(Svg svg, Bar bar, double centre, double barWidth, Scale ys, DoubleFunction<String> format) {
        svg.open("g", "class", "bar");
        double x = centre - barWidth / 2;
        double sum = 0;
        boolean any = false;
        for (int c = 0; c < categories.size(); c++) {
            double v = bar.values()[c];
            if (Double.isNaN(v) || v == 0) {
                continue;
            }
            any = true;
            double y0 = ys.px(sum);
            double y1 = ys.px(sum + v);
            sum += v;
            svg.open("rect", "class", "segment", "x", x, "y", y1, "width", barWidth, "height", y0 - y1,
                    "fill", Palette.color(c), "fill-opacity", Palette.fillOpacity(c) < 1 ? Palette.fillOpacity(c) : null,
                    "stroke", "#ffffff", "stroke-width", 0.75);
            svg.tooltip(bar.label() + " · " + categories.get(c) + ": " + format.apply(v));
            svg.close("rect");
            String text = format.apply(v);
            // Values go inside a segment only where they fit; the tooltip has them all.
            if (y0 - y1 >= TOTAL_FONT + 3 && TextMetrics.width(text, TOTAL_FONT) <= barWidth - 4) {
                svg.text(text, "x", centre, "y", (y0 + y1) / 2, "dy", "0.35em", "font-size", TOTAL_FONT,
                        "text-anchor", "middle", "fill", readableOn(Palette.color(c), Palette.fillOpacity(c)));
            }
        }
        svg.text(any ? format.apply(sum) : "n/a", "class", "total", "x", centre, "y", ys.px(sum) - 5,
                "font-size", TOTAL_FONT, "font-weight", "bold", "text-anchor", "middle", "fill", "#111111");
        svg.close("g");
    }

    /** Dark text on light fills, white on dark ones, judged by relative luminance. */
    private static String readableOn(String hex, double opacity) {
        int rgb = Integer.parseInt(hex.substring(1), 16);
        double r = ((rgb >> 16) & 0xff) / 255.0;
        double g = ((rgb >> 8) & 0xff) / 255.0;
        double b = (rgb & 0xff) / 255.0;
        double luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        double onWhite = luminance * opacity + (1 - opacity);
        return onWhite > 0.5 ? "#111111" : "#ffffff";
    }

    private static double total(Bar b) {
        double sum = 0;
        for (double v : b.values()) {
            if (!Double.isNaN(v)) {
                sum += v;
            }
        }
        return sum;
    }

    private List<Legend.Entry> legendEntries() {
        List<Legend.Entry> entries = new ArrayList<>();
        for (int i = 0; i < categories.size(); i++) {
            entries.add(new Legend.Entry(categories.get(i), Palette.color(i), null, Palette.fillOpacity(i),
                    Legend.Swatch.BOX));
        }
        return entries;
    }
}
