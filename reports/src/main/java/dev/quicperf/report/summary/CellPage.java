package dev.quicperf.report.summary;

import dev.quicperf.report.HtmlTable;
import dev.quicperf.report.Numbers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One cell's page on the summary site, {@code cells/<slug>.html}, with copies of the files a
 * reader digs into next ({@code cell.json}, {@code breakdown.json}, the flame graph, the server's
 * logs) under {@code cells/<slug>/}.
 */
final class CellPage {

    private static final List<String> RAW = List.of("cell.json", "breakdown.json", "baseline.json", "flamegraph.html",
            "server.stdout.log", "server.stderr.log");

    private CellPage() {
    }

    static String href(CellRecord c) {
        return "cells/" + c.slug() + ".html";
    }

    static void write(CellRecord c, Path site) throws IOException {
        Path raw = Files.createDirectories(site.resolve("cells").resolve(c.slug()));
        List<HtmlTable.Cell> links = new ArrayList<>(List.of(new HtmlTable.Cell("← the matrix", "../index.html")));
        for (String name : RAW) {
            Path from = c.dir().resolve(name);
            if (Files.isRegularFile(from)) {
                Files.copy(from, raw.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                links.add(new HtmlTable.Cell(name, c.slug() + "/" + name));
            }
        }
        HtmlTable page = new HtmlTable(c.scenario() + ": " + c.implementation() + " (" + c.io() + ") on "
                + c.environment() + (c.size().isEmpty() ? "" : ", " + c.size()));
        page.links(links);
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of(c.scenario().equals("goodput") ? "goodput (Mbps)" : c.headlineUnit(), c.headlineText()));
        c.cpuPerUnit().ifPresent(s -> rows.add(List.of("server CPU, " + c.cpuUnit(), s.format())));
        rows.add(List.of("profile", c.profile()));
        c.broken().ifPresent(b -> rows.add(List.of("broken", b)));
        page.table("Headline (mean of measured runs ± 95% CI)", List.of("metric", "value"), rows);
        page.table("Budgets", List.of("verdict: budget"), c.budgets().isEmpty()
                ? List.of(List.of("no budget selects this cell")) : c.budgets().stream().map(List::of).toList());
        if (!c.breakdownMicros().isEmpty()) {
            double total = c.breakdownMicros().values().stream().mapToDouble(Double::doubleValue).sum();
            List<List<String>> parts = new ArrayList<>();
            for (Map.Entry<String, Double> e : c.breakdownMicros().entrySet()) {
                parts.add(List.of(e.getKey(), Numbers.format(e.getValue()), Numbers.percent(e.getValue() / total)));
            }
            parts.add(List.of("Total", Numbers.format(total), "100%"));
            page.table("CPU breakdown, " + c.cpuUnit(), List.of("part", c.cpuUnit(), "share"), parts);
            page.svg("CPU breakdown", SummaryCharts.cpuBars(List.of(c)));
        }
        if (!c.cdfs().isEmpty()) {
            page.svg("latency CDF", SummaryCharts.cdf("latency, CDF over the measured runs", c.cdfs()));
        }
        Files.writeString(site.resolve(href(c)), page.render());
    }
}
