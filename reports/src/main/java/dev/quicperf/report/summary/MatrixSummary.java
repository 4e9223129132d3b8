package dev.quicperf.report.summary;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quicperf.report.HtmlTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The whole matrix on one page, {@code index.html}: per scenario an implementation × environment
 * table like the study's Tables 3-9, each value linking to its cell's page, with the charts that
 * compare cells. Cell pages and their raw files are written beside it, so the directory is a
 * site of its own; {@code summary.json} holds the same numbers for tools.
 */
public final class MatrixSummary {

    public static final String INDEX = "index.html";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final List<String> LOAD_SCENARIOS = List.of("response-time", "rps", "handshakes");

    private final List<CellRecord> cells;
    private final Function<CellRecord, String> link;
    private final Map<String, String> charts = new java.util.LinkedHashMap<>();

    /**
     * @param link where a value of a cell points, e.g. {@code cells/<slug>.html} on the site
     */
    public MatrixSummary(List<CellRecord> cells, Function<CellRecord, String> link) {
        this.cells = List.copyOf(cells);
        this.link = link;
    }

    /** Writes the site into {@code out}: index.html, summary.json, and a page plus raw files per cell. */
    public static MatrixSummary writeSite(Path runs, Path out, Map<String, String> runFacts) throws IOException {
        List<CellRecord> cells = CellRecord.readAll(runs);
        MatrixSummary summary = new MatrixSummary(cells, c -> CellPage.href(c));
        Files.createDirectories(out);
        for (CellRecord c : cells) {
            CellPage.write(c, out);
        }
        Files.writeString(out.resolve(INDEX), summary.page(runFacts).render());
        Files.writeString(out.resolve("summary.json"), JSON.writeValueAsString(summary.json()));
        return summary;
    }

    public List<CellRecord> cells() {
        return cells;
    }

    public HtmlTable page(Map<String, String> runFacts) {
        charts.clear();
        HtmlTable page = new HtmlTable("quicperf: the matrix of this run");
        if (cells.isEmpty()) {
            return page.note("No cell finished in this run: nothing to summarise.");
        }
        page.note("Each value is the mean of the measured runs ± its 95% confidence interval and links to its cell."
                + " 'client-bound' marks a cell whose load client was the limit, 'partial' one that was interrupted,"
                + " 'budget broken' one that failed a budget. Cells that were skipped or not selected are blank.");
        goodput(page);
        for (String scenario : LOAD_SCENARIOS) {
            load(page, scenario);
        }
        cdfChart(page);
        if (!runFacts.isEmpty()) {
            page.table("Where and what it ran", List.of("fact", "value"),
                    runFacts.entrySet().stream().map(e -> List.of(e.getKey(), e.getValue())).toList());
        }
        return page;
    }

    private void goodput(HtmlTable page) {
        List<CellRecord> g = select(c -> c.scenario().equals("goodput"));
        if (g.isEmpty()) {
            return;
        }
        List<CellRecord> host = g.stream().filter(c -> c.environment().equals("linux") && c.defaultIo()).toList();
        page.linkedTable("goodput (Mbps) on linux by object size, each server in its default I/O mode",
                header("implementation", distinct(host, CellRecord::size)),
                pivot(host, CellRecord::implementation, CellRecord::size));
        chart(page, "goodput vs object size (linux, default I/O mode)", SummaryCharts.goodputBySize(host));
        for (String size : distinct(g, CellRecord::size)) {
            List<CellRecord> atSize = g.stream().filter(c -> c.size().equals(size) && c.defaultIo()).toList();
            List<String> envs = distinct(atSize, CellRecord::environment);
            if (envs.size() > 1 || !envs.equals(List.of("linux"))) {
                page.linkedTable("goodput (Mbps), " + size + ", by environment",
                        header("implementation", distinct(atSize, CellRecord::environment)),
                        pivot(atSize, CellRecord::implementation, CellRecord::environment));
                cpuBars(page, atSize, size);
            }
            List<CellRecord> modes = g.stream().filter(c -> c.size().equals(size) && c.environment().equals("linux")).toList();
            if (severalModes(modes)) {
                page.linkedTable("goodput (Mbps), " + size + ", linux, by I/O mode",
                        header("implementation", distinct(modes, CellRecord::io)),
                        pivot(modes, CellRecord::implementation, CellRecord::io));
            }
        }
    }

    private void cpuBars(HtmlTable page, List<CellRecord> atSize, String size) {
        List<CellRecord> profiled = atSize.stream().filter(c -> !c.breakdownMicros().isEmpty()).toList();
        if (!profiled.isEmpty()) {
            chart(page, "server CPU per packet by part, " + size + ", by environment", SummaryCharts.cpuBars(profiled));
        }
    }

    private void load(HtmlTable page, String scenario) {
        List<CellRecord> l = select(c -> c.scenario().equals(scenario));
        if (l.isEmpty()) {
            return;
        }
        String unit = l.get(0).headlineUnit();
        List<CellRecord> defaults = l.stream().filter(CellRecord::defaultIo).toList();
        page.linkedTable(scenario + " (" + unit + ") by environment, each server in its default I/O mode",
                header("implementation", distinct(defaults, CellRecord::environment)),
                pivot(defaults, CellRecord::implementation, CellRecord::environment));
        List<CellRecord> host = l.stream().filter(c -> c.environment().equals("linux")).toList();
        if (severalModes(host)) {
            page.linkedTable(scenario + " (" + unit + "), linux, by I/O mode",
                    header("implementation", distinct(host, CellRecord::io)),
                    pivot(host, CellRecord::implementation, CellRecord::io));
        }
    }

    private void cdfChart(HtmlTable page) {
        List<CellRecord> rt = select(c -> c.scenario().equals("response-time") && c.defaultIo()
                && c.cdfs().containsKey("connect"));
        if (!rt.isEmpty()) {
            chart(page, "response time: connection establishment CDF", SummaryCharts.connectCdf(rt));
        }
    }

    /** Puts a chart on the page and keeps it, for attaching on its own. */
    private void chart(HtmlTable page, String title, String svg) {
        charts.put(title, svg);
        page.svg(title, svg);
    }

    /** The charts of the last {@link #page}, by title, as standalone SVG documents. */
    public Map<String, String> charts() {
        return java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(charts));
    }

    /** An I/O-mode table only says something where one implementation ran in more than one mode. */
    private static boolean severalModes(List<CellRecord> cs) {
        return cs.stream().collect(java.util.stream.Collectors.groupingBy(CellRecord::implementation,
                java.util.stream.Collectors.mapping(CellRecord::io, java.util.stream.Collectors.toSet())))
                .values().stream().anyMatch(modes -> modes.size() > 1);
    }

    private List<List<HtmlTable.Cell>> pivot(List<CellRecord> cs, Function<CellRecord, String> row,
            Function<CellRecord, String> column) {
        List<String> columns = distinct(cs, column);
        List<List<HtmlTable.Cell>> rows = new ArrayList<>();
        for (String r : distinct(cs, row)) {
            List<HtmlTable.Cell> cellsOfRow = new ArrayList<>(List.of(HtmlTable.Cell.of(r)));
            for (String col : columns) {
                Optional<CellRecord> c = cs.stream().filter(x -> row.apply(x).equals(r) && column.apply(x).equals(col))
                        .findFirst();
                cellsOfRow.add(c.map(x -> new HtmlTable.Cell(x.headlineText(), link.apply(x)))
                        .orElse(HtmlTable.Cell.of("")));
            }
            rows.add(cellsOfRow);
        }
        return rows;
    }

    private static List<String> header(String first, List<String> rest) {
        List<String> h = new ArrayList<>(List.of(first));
        h.addAll(rest);
        return h;
    }

    /** The columns a reader compares against come first: the host, and nio, the I/O mode the others are set against. */
    private static final Set<String> REFERENCES = Set.of("linux", "nio");

    /** Values in a reader's order: by object size, then the reference (host, nio) first, then by name. */
    private static List<String> distinct(List<CellRecord> cs, Function<CellRecord, String> f) {
        Map<String, Long> smallest = new java.util.HashMap<>();
        cs.forEach(c -> smallest.merge(f.apply(c), c.sizeBytes(), Math::min));
        return smallest.keySet().stream().sorted(java.util.Comparator.comparing((String v) -> smallest.get(v))
                .thenComparing(v -> !REFERENCES.contains(v)).thenComparing(v -> v)).toList();
    }

    private List<CellRecord> select(Predicate<CellRecord> p) {
        return cells.stream().filter(p).toList();
    }

    public ObjectNode json() {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema", "quicperf.summary/1");
        ArrayNode arr = root.putArray("cells");
        for (CellRecord c : cells) {
            ObjectNode n = arr.addObject().put("cell", c.slug()).put("scenario", c.scenario())
                    .put("implementation", c.implementation()).put("io", c.io()).put("environment", c.environment())
                    .put("size", c.size()).put("partial", c.partial()).put("clientBound", c.clientBound())
                    .put("unit", c.headlineUnit());
            c.broken().ifPresent(b -> n.put("broken", b));
            c.headline().ifPresent(s -> n.put("mean", s.mean()).put("ci95HalfWidth",
                    Double.isInfinite(s.ciHalfWidth()) ? null : s.ciHalfWidth()).put("n", s.n()));
            c.cpuPerUnit().ifPresent(s -> n.put("serverCpuMicros", s.mean()));
            n.put("page", link.apply(c));
        }
        return root;
    }
}
