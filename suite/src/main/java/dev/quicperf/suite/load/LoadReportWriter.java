package dev.quicperf.suite.load;

import dev.quicperf.adapter.load.LoadScenario;
import dev.quicperf.report.Attachments;
import dev.quicperf.report.HtmlTable;
import dev.quicperf.report.Numbers;
import dev.quicperf.report.summary.SummaryCharts;
import dev.quicperf.suite.ClientBound;
import dev.quicperf.suite.Profile;
import dev.quicperf.suite.breakdown.BreakdownReport;
import dev.quicperf.suite.budget.Verdict;
import dev.quicperf.suite.stats.LatencyDistribution;
import dev.quicperf.suite.stats.Summary;
import io.qameta.allure.Allure;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/** Writes a load cell into Allure: labels, parameters, the results table, latency CDF data, raw JSON, logs. */
public final class LoadReportWriter {

    private LoadReportWriter() {
    }

    /** Labels and parameters, set before the cell runs so even a broken cell is filed right. */
    public static void label(LoadCell cell, Profile profile) {
        Allure.getLifecycle().updateTestCase(test -> test.setName(cell.scenario() + ": " + cell));
        Allure.epic(cell.scenario().id);
        Allure.label(dev.quicperf.suite.goodput.GoodputReport.CELL_LABEL, cell.slug());
        Allure.feature(cell.implementation().id());
        Allure.story(cell.environment().id());
        Allure.parameter("scenario", cell.scenario().id);
        Allure.parameter("implementation", cell.implementation().id() + " " + cell.implementation().version());
        Allure.parameter("load client", LoadClients.describe(cell.implementation()));
        Allure.parameter("I/O mode", cell.ioMode().id() + (cell.defaultIoMode() ? " (default)" : ""));
        Allure.parameter("environment", cell.environment().id());
        Allure.parameter("connections", cell.plan().connections());
        Allure.parameter("requests per run", cell.plan().requests() + " (+" + cell.plan().warmupRequests() + " warm-up)");
        if (cell.scenario().hasRequests()) {
            Allure.parameter("object size", cell.plan().responseBytes() + " B");
        }
        Allure.parameter("profile", profile.name());
        Allure.parameter("runs", profile.loadWarmupRuns() + " warm-up + " + profile.loadMeasuredRuns() + " measured + "
                + profile.loadProfiledRuns() + " profiled");
    }

    public static void attach(LoadResult result, List<Verdict> verdicts, Path cellDir) throws IOException {
        Allure.parameter("server launch", result.serverLaunch());
        if (result.clientBound()) {
            Allure.label("tag", "client-bound");
        }
        String json = LoadJournal.write(result, verdicts, false, cellDir);
        Attachments.html("results", table(result, verdicts));
        BreakdownReport.attach(result.breakdown(), breakdownContext(result), cellDir);
        Attachments.json("latency distribution (CDF, percentiles, HdrHistogram)", LoadJournal.latencyJson(result));
        Map<String, List<double[]>> cdfs = new LinkedHashMap<>();
        cdfs.put("connect", LatencyDistribution.of(result.connectTimes()).cdf());
        cdfs.put("request", LatencyDistribution.of(result.requestTimes()).cdf());
        cdfs.values().removeIf(List::isEmpty);
        Attachments.svg("latency CDF", SummaryCharts.cdf(result.cell().scenario().id + " latency, CDF over the measured"
                + " runs: " + result.cell(), cdfs));
        Attachments.json("cell.json", json);
        Attachments.cellLogs(cellDir, "load client stderr (all runs)");
    }

    private static BreakdownReport.Context breakdownContext(LoadResult result) {
        LoadScenario scenario = result.cell().scenario();
        List<List<String>> beside = new ArrayList<>();
        String rate = scenario == LoadScenario.HANDSHAKES ? "handshakes/s" : "requests/s";
        result.perSecond().ifPresent(s -> beside.add(List.of(rate, s.format("").replace("  ", " "))));
        result.serverCpuPerRequest().ifPresent(s -> beside.add(List.of("server CPU per "
                + (scenario == LoadScenario.HANDSHAKES ? "handshake" : "request") + ", OS-measured (µs)", s.format("").replace("  ", " "))));
        result.clientCpuShare().ifPresent(s -> beside.add(List.of("client CPU / its cores", Numbers.percent(s.mean())
                + (result.clientBound() ? " (client-bound)" : ""))));
        String overhead = result.profilerOverhead().map(w -> rate + " of the profiled run vs the measured mean: "
                + w.format()).orElse("not measured");
        // Load cells run on the host only so far: no other environment to set beside them.
        return new BreakdownReport.Context(scenario + " " + result.cell(), result.cell().environment().id(), beside,
                overhead, List.of());
    }

    static HtmlTable table(LoadResult result, List<Verdict> verdicts) {
        LoadCell cell = result.cell();
        String rate = cell.scenario() == LoadScenario.HANDSHAKES ? "handshakes/s" : "requests/s";
        String per = cell.scenario() == LoadScenario.HANDSHAKES ? "handshake" : "request";
        HtmlTable page = new HtmlTable(cell.scenario() + ": " + cell);
        if (result.clientBound()) {
            page.note("CLIENT-BOUND: the load client kept " + Numbers.percent(result.clientCpuShare().orElseThrow().mean())
                    + " of its cores busy (threshold " + Numbers.percent(ClientBound.SHARE) + "). The "
                    + rate + " and latencies below measure the client at least as much as the server; server CPU per "
                    + per + " is still the server's own.");
        }
        List<List<String>> summary = new ArrayList<>();
        add(summary, rate, result.perSecond());
        add(summary, "server CPU per " + per + " (µs)", result.serverCpuPerRequest());
        if (cell.scenario().newConnectionPerRequest()) {
            add(summary, "connection time p99 (ms)", result.connectP99());
        }
        if (cell.scenario().hasRequests()) {
            add(summary, "request time p99 (ms)", result.requestP99());
        }
        add(summary, "client CPU / its cores", result.clientCpuShare());
        add(summary, "server CPU / wall (timed phase)", result.serverCpuShare());
        page.table("Summary over measured runs (warm-up and profiled runs excluded)",
                List.of("metric", "mean", "± 95% CI", "std dev", "min", "max", "n"), summary);
        if (!verdicts.isEmpty()) {
            page.table("Budgets", List.of("verdict", "budget"), verdicts.stream()
                    .map(v -> List.of(v.status().name().toLowerCase(Locale.ROOT), v.message())).toList());
        }
        List<List<String>> latency = new ArrayList<>();
        latencyRow(latency, "connection establishment", result.connectTimes());
        latencyRow(latency, cell.scenario() == LoadScenario.RESPONSE_TIME ? "request completion (connect included)"
                : "request completion", result.requestTimes());
        page.table("Latency over all measured runs (ms)",
                List.of("what", "count", "mean", "p50", "p90", "p99", "p99.9", "max"), latency);
        List<List<String>> rows = new ArrayList<>();
        for (LoadRun r : result.runs()) {
            rows.add(List.of(Integer.toString(r.number()), r.kind(),
                    Long.toString(r.report().completed()), Numbers.format(r.report().durationNanos() / 1e6),
                    Numbers.format(r.perSecond()), Numbers.format(r.serverCpuTimed().totalNanos() / 1e6)
                            + (r.serverCpuTimed().precise() ? "" : " (ticks)"),
                    Numbers.percent(r.serverCpuShare()), Numbers.format(r.serverCpuMicrosPerRequest()),
                    Numbers.format(r.serverCpu().totalNanos() / 1e6), Numbers.format(r.report().clientCpuNanos() / 1e6),
                    Numbers.percent(r.report().clientCpuShare())));
        }
        page.table("Runs", List.of("run", "kind", "completed", "timed phase (ms)", rate, "server CPU, timed (ms)",
                "server CPU / wall", "server CPU per " + per + " (µs)", "server CPU, whole run (ms)", "client CPU (ms)",
                "client CPU / its cores"), rows);
        result.broken().ifPresent(why -> page.note("Cell broken: " + why));
        page.note(explanation(cell));
        page.table("Where it ran", List.of("fact", "value"), cell.environment().describe().entrySet().stream()
                .map(e -> List.of(e.getKey(), e.getValue())).toList());
        return page;
    }

    private static String explanation(LoadCell cell) {
        String common = " Each run is a fresh load-client process that first does " + cell.plan().warmupRequests()
                + " untimed warm-up " + (cell.scenario() == LoadScenario.HANDSHAKES ? "handshakes" : "requests")
                + "; rates, latencies and server CPU per " + (cell.scenario() == LoadScenario.HANDSHAKES ? "handshake"
                : "request") + " cover the timed phase only (the harness reads the server's CPU from the OS when the"
                + " client marks the phase's start and end on stderr). 'Whole run' adds the client's connection"
                + " set-up and warm-up.";
        return switch (cell.scenario()) {
            case RESPONSE_TIME -> cell.plan().connections() + " concurrent clients each open a new connection per request"
                    + " for a " + cell.plan().responseBytes() + "-byte object (the study's response-time experiment)."
                    + " Connection time runs from the connect call to the completed handshake; request time from the"
                    + " connect call to the response's last byte." + common;
            case RPS -> cell.plan().connections() + " persistent connections, all established before timing starts,"
                    + " each keeping two requests for " + cell.plan().responseBytes() + "-byte objects outstanding (the"
                    + " study's RPS experiment). Request time runs from opening the request's stream to the response's"
                    + " last byte." + common;
            case HANDSHAKES -> cell.plan().connections() + " concurrent clients open connections, complete the"
                    + " handshake and close them, with no request." + common;
        };
    }

    private static void add(List<List<String>> rows, String name, Optional<Summary> s) {
        s.ifPresent(v -> rows.add(List.of(name, Numbers.format(v.mean()), Numbers.format(v.ciHalfWidth()),
                Numbers.format(v.stddev()), Numbers.format(v.min()), Numbers.format(v.max()), Integer.toString(v.n()))));
    }

    private static void latencyRow(List<List<String>> rows, String name, Histogram h) {
        LatencyDistribution d = LatencyDistribution.of(h);
        if (d.count() > 0) {
            rows.add(List.of(name, Long.toString(d.count()), Numbers.format(d.meanMs()), Numbers.format(d.p50Ms()),
                    Numbers.format(d.p90Ms()), Numbers.format(d.p99Ms()), Numbers.format(d.p999Ms()),
                    Numbers.format(d.maxMs())));
        }
    }
}
