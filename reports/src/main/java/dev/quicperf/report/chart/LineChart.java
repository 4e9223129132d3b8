package dev.quicperf.report.chart;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * Named series of (x, y) points as lines, optionally as step lines (CDFs) and with error bars.
 * Points are drawn in order of x; a point whose y is NaN or infinite leaves a gap in its line.
 */
public final class LineChart {

    /**
     * One measurement. {@code yLow}/{@code yHigh} bound an interval drawn as an error bar; NaN or an
     * infinite end means the interval is unknown and no bar is drawn.
     */
    public record Point(double x, double y, double yLow, double yHigh) {

        public Point(double x, double y) {
            this(x, y, Double.NaN, Double.NaN);
        }

        boolean hasInterval() {
            return Double.isFinite(yLow) && Double.isFinite(yHigh);
        }
    }

    private record Series(String name, List<Point> points, boolean step) {
    }

    /** Above this many points markers would merge into a thick smear, so only the line is drawn. */
    private static final int MAX_MARKERS = 60;

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private int width = 720;
    private int height = 400;
    private boolean logX;
    private boolean logY;
    private DoubleFunction<String> xFormat;
    private DoubleFunction<String> yFormat;
    private double[] xTicks;
    private double yMin = Double.NaN;
    private double yMax = Double.NaN;

    public LineChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    public LineChart size(int width, int height) {
        if (width < 200 || height < 150) {
            throw new IllegalArgumentException("chart must be at least 200x150, got " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        return this;
    }

    public LineChart logX() {
        this.logX = true;
        return this;
    }

    /** Log x axis whose decade labels come from {@code format}, e.g. 1000 → "1KB". */
    public LineChart logX(DoubleFunction<String> format) {
        this.logX = true;
        this.xFormat = format;
        return this;
    }

    public LineChart logY() {
        this.logY = true;
        return this;
    }

    public LineChart logY(DoubleFunction<String> format) {
        this.logY = true;
        this.yFormat = format;
        return this;
    }

    public LineChart xFormat(DoubleFunction<String> format) {
        this.xFormat = format;
        return this;
    }

    /**
     * Labelled x ticks at exactly these values, e.g. the object sizes that were measured, instead
     * of the regular ones (which remain as grid lines). Labels come from the x format.
     */
    public LineChart xTicks(double... values) {
        this.xTicks = values.clone();
        return this;
    }

    /** Tick labels of the y axis, e.g. {@link Formats#percent()} for a CDF. */
    public LineChart yFormat(DoubleFunction<String> format) {
        this.yFormat = format;
        return this;
    }

    /**
     * The y axis covers at least {@code [min, max]} (more if the data reaches further). Without it a
     * linear y axis starts at zero, so bar-like quantities such as goodput are not exaggerated.
     */
    public LineChart yRange(double min, double max) {
        if (!Double.isFinite(min) || !Double.isFinite(max)) {
            throw new IllegalArgumentException("y range must be finite, got " + min + " .. " + max);
        }
        this.yMin = Math.min(min, max);
        this.yMax = Math.max(min, max);
        return this;
    }

    public LineChart series(String name, List<Point> points) {
        series.add(new Series(name == null ? "" : name, List.copyOf(points), false));
        return this;
    }

    /** A series drawn as a step line: each y holds until the next x, as an empirical CDF does. */
    public LineChart stepSeries(String name, List<Point> points) {
        series.add(new Series(name == null ? "" : name, List.copyOf(points), true));
        return this;
    }

    public String render() {
        List<List<Point>> drawn = new ArrayList<>();
        for (Series s : series) {
            drawn.add(placeable(s));
        }
        Svg svg = new Svg(width, height, title);
        double top = Frame.title(svg, title, width);

        Range xr = new Range();
        Range yr = new Range();
        for (List<Point> points : drawn) {
            for (Point p : points) {
                if (!Double.isFinite(p.y())) {
                    continue;
                }
                xr.add(p.x());
                yr.add(p.y());
                if (p.hasInterval()) {
                    // On a log axis an interval reaching zero or below is drawn down to the axis instead.
                    if (!logY || p.yLow() > 0) {
                        yr.add(p.yLow());
                    }
                    if (!logY || p.yHigh() > 0) {
                        yr.add(p.yHigh());
                    }
                }
            }
        }
        if (xr.isEmpty()) {
            return Frame.noData(svg, width, height, top + 8);
        }
        if (xTicks != null) {
            for (double v : xTicks) {
                if (logX && v <= 0) {
                    throw new IllegalArgumentException("x tick " + v + " is not positive, cannot be drawn on a log x axis");
                }
                xr.add(v);
            }
        }
        if (!Double.isNaN(yMin)) {
            if (logY && yMin <= 0) {
                throw new IllegalArgumentException("y range " + yMin + " .. " + yMax + " is not positive, "
                        + "cannot be used on a log y axis");
            }
            yr.add(yMin);
            yr.add(yMax);
        } else if (!logY) {
            yr.add(0);
        }
        Scale xs = logX ? Scale.log(xr.lo, xr.hi, xFormat) : Scale.linear(xr.lo, xr.hi, xFormat);
        Scale ys = logY ? Scale.log(yr.lo, yr.hi, yFormat) : Scale.linear(yr.lo, yr.hi, yFormat);
        if (xTicks != null) {
            xs = xs.withTicks(xTicks, xFormat);
        }

        Legend legend = new Legend(legendEntries());
        double legendTop = top + 4;
        double plotTop = legendTop + legend.height(width - 2 * Frame.PAD) + 12;
        double plotLeft = Frame.PAD + Frame.Y_CAPTION + Axis.leftLabelWidth(ys);
        double plotRight = width - Frame.PAD - Math.max(6, Axis.bottomOverhang(xs));
        double plotBottom = height - Frame.PAD - Frame.X_CAPTION - (Axis.TICK_LEN + Axis.TICK_FONT + 6);
        xs = xs.toPixels(plotLeft, plotRight);
        ys = ys.toPixels(plotBottom, plotTop);

        legend.draw(svg, Frame.PAD, legendTop, width - 2 * Frame.PAD);
        Axis.left(svg, ys, plotLeft, plotRight);
        Axis.bottom(svg, xs, plotBottom, plotTop);
        Frame.border(svg, plotLeft, plotTop, plotRight, plotBottom);
        Frame.yCaption(svg, yLabel, plotTop, plotBottom);
        Frame.xCaption(svg, xLabel, plotLeft, plotRight, height);

        boolean anyInterval = drawn.stream().flatMap(List::stream).anyMatch(Point::hasInterval);
        for (int i = 0; i < series.size(); i++) {
            double dodge = anyInterval ? dodge(i, series.size()) : 0;
            drawSeries(svg, series.get(i), drawn.get(i), i, xs, ys, dodge);
        }
        return svg.finish();
    }

    /**
     * Error bars of several series at the same x would sit on top of each other; shifting each
     * series a few pixels sideways keeps them apart while moving no point visibly off its x.
     */
    private static double dodge(int i, int n) {
        if (n < 2) {
            return 0;
        }
        double step = Math.min(4, 24.0 / (n - 1));
        return (i - (n - 1) / 2.0) * step;
    }

    private void drawSeries(Svg svg, Series s, List<Point> points, int index, Scale xs, Scale ys, double dodge) {
        String color = Palette.color(index);
        svg.open("g", "class", "series-group");

        Svg.PathData bars = new Svg.PathData();
        for (Point p : points) {
            if (!p.hasInterval() || !Double.isFinite(p.y()) || !ys.accepts(p.yHigh())) {
                continue;
            }
            double x = xs.px(p.x()) + dodge;
            boolean clipped = !ys.accepts(p.yLow());
            double lo = clipped ? ys.px(ys.min()) : ys.px(p.yLow());
            double hi = ys.px(p.yHigh());
            bars.moveTo(x, lo).verticalTo(hi).moveTo(x - 3, hi).horizontalTo(x + 3);
            // A bar cut off at a log axis gets no cap there: the cap would claim an end it does not have.
            if (!clipped) {
                bars.moveTo(x - 3, lo).horizontalTo(x + 3);
            }
        }
        if (!bars.isEmpty()) {
            svg.add("path", "class", "error-bars", "d", bars, "fill", "none", "stroke", color, "stroke-width", 1.2);
        }

        Svg.PathData line = new Svg.PathData();
        boolean pen = false;
        int shown = 0;
        for (Point p : points) {
            if (!Double.isFinite(p.y())) {
                pen = false;
                continue;
            }
            double x = xs.px(p.x()) + dodge;
            double y = ys.px(p.y());
            if (!pen) {
                line.moveTo(x, y);
            } else if (s.step()) {
                line.horizontalTo(x).verticalTo(y);
            } else {
                line.lineTo(x, y);
            }
            pen = true;
            shown++;
        }
        svg.open("path", "class", "series", "d", line, "fill", "none", "stroke", color, "stroke-width", 2,
                "stroke-linejoin", "round", "stroke-dasharray", Palette.dash(index));
        svg.tooltip(s.name());
        svg.close("path");

        if ((!s.step() && shown <= MAX_MARKERS) || shown == 1) {
            svg.open("g", "class", "markers", "fill", color);
            for (Point p : points) {
                if (!Double.isFinite(p.y())) {
                    continue;
                }
                svg.open("circle", "cx", xs.px(p.x()) + dodge, "cy", ys.px(p.y()), "r", 3);
                svg.tooltip(describe(s.name(), p));
                svg.close("circle");
            }
            svg.close("g");
        }
        svg.close("g");
    }

    private String describe(String name, Point p) {
        DoubleFunction<String> fx = xFormat != null ? xFormat : Formats.number();
        DoubleFunction<String> fy = yFormat != null ? yFormat : Formats.number();
        String text = name + ": " + fx.apply(p.x()) + " → " + fy.apply(p.y());
        if (p.hasInterval()) {
            text += " [" + fy.apply(p.yLow()) + " … " + fy.apply(p.yHigh()) + "]";
        }
        return text;
    }

    private List<Legend.Entry> legendEntries() {
        List<Legend.Entry> entries = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            entries.add(new Legend.Entry(s.name(), Palette.color(i), Palette.dash(i), 1,
                    s.step() ? Legend.Swatch.LINE : Legend.Swatch.LINE_AND_MARKER));
        }
        return entries;
    }

    /**
     * The points that have a place on the axes, sorted by x. Points without a finite x are dropped;
     * a finite value that a log axis cannot show is the caller's mistake and fails loudly.
     */
    private List<Point> placeable(Series s) {
        List<Point> out = new ArrayList<>();
        for (Point p : s.points()) {
            if (!Double.isFinite(p.x())) {
                continue;
            }
            if (logX && p.x() <= 0) {
                throw new IllegalArgumentException("series '" + s.name() + "': x = " + p.x()
                        + " is not positive, cannot be drawn on a log x axis");
            }
            if (logY && Double.isFinite(p.y()) && p.y() <= 0) {
                throw new IllegalArgumentException("series '" + s.name() + "': y = " + p.y()
                        + " is not positive, cannot be drawn on a log y axis");
            }
            double lo = Math.min(p.yLow(), p.yHigh());
            double hi = Math.max(p.yLow(), p.yHigh());
            out.add(Double.isNaN(lo) ? p : new Point(p.x(), p.y(), lo, hi));
        }
        out.sort(Comparator.comparingDouble(Point::x));
        return out;
    }

    /** Running minimum and maximum of finite values. */
    private static final class Range {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;

        void add(double v) {
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }

        boolean isEmpty() {
            return lo > hi;
        }
    }
}
