package dev.quicperf.report.summary;

import dev.quicperf.report.chart.Formats;
import dev.quicperf.report.chart.LineChart;
import dev.quicperf.report.chart.StackedBars;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The charts that set cells of one run beside each other. */
public final class SummaryCharts {

    private SummaryCharts() {
    }

    /** Goodput against object size, one line per implementation, with each mean's 95% interval. */
    public static String goodputBySize(List<CellRecord> cells) {
        // Log on both axes: goodput of one stack and one size spans three decades (a 2 KB round trip vs 20 MB).
        LineChart chart = new LineChart("goodput vs object size", "object size", "goodput (Mbps)")
                .logX(SummaryCharts::bytes).logY(Formats.number())
                .xTicks(cells.stream().mapToLong(CellRecord::sizeBytes).filter(b -> b > 0).distinct().sorted()
                        .mapToDouble(b -> b).toArray());
        Map<String, List<LineChart.Point>> series = new LinkedHashMap<>();
        cells.stream().filter(c -> c.headline().isPresent() && c.sizeBytes() > 0)
                .sorted(Comparator.comparingLong(CellRecord::sizeBytes)).forEach(c -> {
                    Stat s = c.headline().get();
                    series.computeIfAbsent(c.implementation(), k -> new ArrayList<>()).add(new LineChart.Point(
                            c.sizeBytes(), s.mean(), s.mean() - s.ciHalfWidth(), s.mean() + s.ciHalfWidth()));
                });
        series.forEach(chart::series);
        return chart.render();
    }

    /** Server CPU per packet split by part, one stacked bar per cell, labelled by what differs. */
    public static String cpuBars(List<CellRecord> cells) {
        Set<String> parts = new LinkedHashSet<>();
        cells.forEach(c -> parts.addAll(c.breakdownMicros().keySet()));
        List<String> order = List.copyOf(parts);
        StackedBars bars = new StackedBars("server CPU per packet by part", "µs per packet", order);
        for (CellRecord c : cells) {
            bars.bar(c.implementation() + " on " + c.environment(),
                    order.stream().mapToDouble(p -> nonNegative(c.breakdownMicros().getOrDefault(p, Double.NaN))).toArray());
        }
        return bars.render();
    }

    /** The CDF of connection establishment time, one step line per cell. */
    public static String connectCdf(List<CellRecord> cells) {
        return cdf("connection establishment time, CDF", cells.stream()
                .collect(LinkedHashMap::new, (m, c) -> m.put(c.implementation() + " on " + c.environment(),
                        c.cdfs().get("connect")), Map::putAll));
    }

    /** A latency CDF: x in ms on a log axis, y the fraction of requests at or below it. */
    public static String cdf(String title, Map<String, List<double[]>> distributions) {
        LineChart chart = new LineChart(title, "latency (ms)", "fraction at or below")
                .logX(Formats.number()).yRange(0, 1).yFormat(Formats.percent());
        distributions.forEach((name, points) -> chart.stepSeries(name, points.stream()
                .filter(p -> p[0] > 0).map(p -> new LineChart.Point(p[0], p[1])).toList()));
        return chart.render();
    }

    /** A part's share times the OS time is never below zero, but a bar must not throw on a rounding error. */
    static double nonNegative(double v) {
        return v < 0 ? 0 : v;
    }

    static String bytes(double v) {
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        int i = 0;
        while (v >= 1000 && i < units.length - 1) {
            v /= 1000;
            i++;
        }
        return String.format(Locale.ROOT, v == Math.rint(v) ? "%.0f%s" : "%.1f%s", v, units[i]);
    }
}
