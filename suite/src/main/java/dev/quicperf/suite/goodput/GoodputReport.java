package dev.quicperf.suite.goodput;

import dev.quicperf.environment.Environment;
import dev.quicperf.report.Attachments;
import dev.quicperf.report.HtmlTable;
import dev.quicperf.report.Numbers;
import dev.quicperf.suite.ByteSize;
import dev.quicperf.suite.ClientBound;
import dev.quicperf.suite.Profile;
import dev.quicperf.suite.breakdown.BreakdownReport;
import dev.quicperf.suite.budget.Verdict;
import dev.quicperf.suite.stats.Summary;
import io.qameta.allure.Allure;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes a goodput cell into Allure: labels, parameters, the results table, raw JSON, logs. */
public final class GoodputReport {

    /** The label that ties an Allure result to its cell directory, for the summary's links. */
    public static final String CELL_LABEL = dev.quicperf.report.summary.AllureCellLinks.CELL_LABEL;

    private GoodputReport() {
    }

    /** Labels and parameters, set before the cell runs so even a broken cell is filed right. */
    public static void label(GoodputCell cell, Profile profile) {
        // allure-junit5 would prefix the method signature; the cell's own name reads better.
        Allure.getLifecycle().updateTestCase(test -> test.setName(GoodputCell.SCENARIO + ": " + cell));
        Allure.epic(GoodputCell.SCENARIO);
        Allure.label(CELL_LABEL, cell.slug());
        Allure.feature(cell.implementation().id());
        Allure.story(cell.environment().id());
        Allure.parameter("scenario", GoodputCell.SCENARIO);
        Allure.parameter("implementation", cell.implementation().id() + " " + cell.implementation().version());
        Allure.parameter("I/O mode", cell.ioMode().id() + (cell.defaultIoMode() ? " (default)" : ""));
        Allure.parameter("environment", cell.environment().id());
        Allure.parameter("size", ByteSize.format(cell.size()));
        Allure.parameter("profile", profile.name());
        Allure.parameter("runs", profile.warmupRuns() + " warm-up + " + profile.measuredRuns() + " measured + "
                + profile.profiledRuns() + " profiled");
    }

    /** The results table, the cell's JSON and every raw client report and log. */
    public static void attach(GoodputResult result, List<Verdict> verdicts, Path cellDir) throws IOException {
        Allure.parameter("server launch", result.serverLaunch());
        if (result.clientBound()) {
            Allure.label("tag", "client-bound");
        }
        String json = CellJournal.write(result, verdicts, false, cellDir);
        Attachments.html("results", table(result, verdicts));
        BreakdownReport.attach(result.breakdown(), breakdownContext(result), cellDir);
        Attachments.json("cell.json", json);
        for (RunResult r : result.runs()) {
            Attachments.json(String.format("run %02d%s client report", r.number(), r.measured() ? "" : " (" + r.kind() + ")"),
                    r.report().toJson());
        }
        Attachments.cellLogs(cellDir, "client stderr (all runs)");
    }

    private static BreakdownReport.Context breakdownContext(GoodputResult result) {
        List<List<String>> beside = new ArrayList<>();
        result.goodput().ifPresent(s -> beside.add(List.of("goodput (Mbps)", s.format("").replace("  ", " "))));
        result.serverCpuPerPacket().ifPresent(s -> beside.add(List.of("server CPU per packet, OS-measured (µs)", s.format("").replace("  ", " "))));
        result.clientCpuShare().ifPresent(s -> beside.add(List.of("client CPU / its cores", Numbers.percent(s.mean())
                + (result.clientBound() ? " (client-bound)" : ""))));
        String overhead = result.profilerOverhead().map(w -> "goodput of profiled runs vs measured: " + w.format())
                .orElse("not measured");
        return new BreakdownReport.Context("goodput " + result.cell(), result.cell().environment().id(), beside, overhead,
                EnvironmentComparison.earlierSiblings(result));
    }

    static HtmlTable table(GoodputResult result, List<Verdict> verdicts) {
        GoodputCell cell = result.cell();
        HtmlTable page = new HtmlTable("goodput: " + cell);
        List<List<String>> summary = new ArrayList<>();
        result.goodput().ifPresent(s -> summary.add(summaryRow("goodput (Mbps)", s)));
        result.serverCpuPerMB().ifPresent(s -> summary.add(summaryRow("server CPU per MB (ms)", s)));
        result.serverCpuPerPacket().ifPresent(s -> summary.add(summaryRow("server CPU per packet sent (µs)", s)));
        result.clientCpuShare().ifPresent(s -> summary.add(summaryRow("client CPU / its cores", s)));
        if (result.clientBound()) {
            page.note("CLIENT-BOUND: the client kept " + Numbers.percent(result.clientCpuShare().orElseThrow().mean())
                    + " of its " + cell.environment().clientCores() + " core(s) busy (threshold "
                    + Numbers.percent(ClientBound.SHARE) + "): this goodput is how fast the client could take the"
                    + " data, a lower bound for the server. Server CPU per MB is still the server's own.");
        }
        result.profilerOverhead().ifPresent(w -> page.note("Profiler overhead: goodput of the " + result.profiled().size()
                + " profiled runs against the measured ones: " + w.format() + ". Profiled runs feed the CPU breakdown"
                + " only."));
        page.table("Summary over measured runs (warm-up and profiled runs excluded)",
                List.of("metric", "mean", "± 95% CI", "std dev", "min", "max", "n"), summary);
        if (!verdicts.isEmpty()) {
            page.table("Budgets", List.of("verdict", "budget"), verdicts.stream()
                    .map(v -> List.of(v.status().name().toLowerCase(Locale.ROOT), v.message())).toList());
        }
        List<List<String>> rows = new ArrayList<>();
        for (RunResult r : result.runs()) {
            rows.add(List.of(
                    Integer.toString(r.number()),
                    r.kind(),
                    Long.toString(r.report().bytesVerified()),
                    r.packetsSent() >= 0 ? Long.toString(r.packetsSent()) : "n/a",
                    r.wireDatagramsSent() >= 0 ? Long.toString(r.wireDatagramsSent()) : "n/a",
                    f(r.report().handshakeNanos() / 1e6),
                    f(r.report().transferNanos() / 1e6),
                    f(r.goodputMbps()),
                    f(r.serverCpu().totalNanos() / 1e6) + (r.serverCpu().precise() ? "" : " (ticks)"),
                    f(r.serverCpuMsPerMB()),
                    f(r.serverCpuMicrosPerPacket()),
                    f(r.report().clientCpuNanos() / 1e6),
                    Numbers.percent(r.clientCpuShare(cell.environment().clientCores()))));
        }
        page.table("Runs", List.of("run", "kind", "bytes verified", "server packets sent",
                "UDP sends out of its namespace", "handshake (ms)",
                "transfer (ms)", "goodput (Mbps)", "server CPU (ms)", "server CPU per MB (ms)",
                "server CPU per packet (µs)", "client CPU (ms)", "client CPU / its cores"), rows);
        result.broken().ifPresent(why -> page.note("Cell broken: " + why));
        page.note("Goodput counts only bytes the client verified against the pattern, over the time from the"
                + " request's first byte to the response's FIN (handshake excluded). Server CPU is read from /proc"
                + " (user + system, all threads) when the client marks the start and the end of its download on"
                + " stderr, so it covers the handshake and the transfer but not the client JVM's start; '(ticks)'"
                + " marks runs where it had to fall back to clock-tick resolution. Server packets come from the"
                + " server's own count, printed as the connection ends. Client CPU near 100% of its cores means the"
                + " client, not the server, limited the run. Profiled runs feed the CPU breakdown only.");
        Environment env = cell.environment();
        page.table("Where it ran", List.of("fact", "value"),
                env.describe().entrySet().stream().map(e -> List.of(e.getKey(), e.getValue())).toList());
        return page;
    }

    private static List<String> summaryRow(String name, Summary s) {
        return List.of(name, f(s.mean()), f(s.ciHalfWidth()), f(s.stddev()), f(s.min()), f(s.max()),
                Integer.toString(s.n()));
    }

    private static String f(double v) {
        return Numbers.format(v);
    }

    /** The metrics a budget can judge, from a finished cell. */
    public static Map<dev.quicperf.suite.budget.Metric, Summary> metrics(GoodputResult result) {
        Map<dev.quicperf.suite.budget.Metric, Summary> m = new java.util.EnumMap<>(dev.quicperf.suite.budget.Metric.class);
        result.goodput().ifPresent(s -> m.put(dev.quicperf.suite.budget.Metric.GOODPUT, s));
        result.serverCpuPerMB().ifPresent(s -> m.put(dev.quicperf.suite.budget.Metric.CPU_PER_MB, s));
        result.serverCpuPerPacket().ifPresent(s -> m.put(dev.quicperf.suite.budget.Metric.CPU_PER_PACKET, s));
        return m;
    }
}
