package dev.quicperf.suite.load;

import dev.quicperf.suite.breakdown.BreakdownReport;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quicperf.suite.AtomicFile;
import dev.quicperf.suite.budget.Verdict;
import dev.quicperf.suite.stats.LatencyDistribution;
import dev.quicperf.suite.stats.SummaryJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A load cell's {@code cell.json}, rewritten atomically after every run so an interrupted suite
 * keeps what it measured ({@code partial} stays true until the cell has finished).
 */
public final class LoadJournal {

    public static final String FILE = "cell.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private LoadJournal() {
    }

    /** Writes the cell's JSON atomically and returns it. */
    public static String write(LoadResult result, List<Verdict> verdicts, boolean partial, Path cellDir)
            throws IOException {
        return AtomicFile.writeJson(cellDir.resolve(FILE), toJson(result, verdicts, partial));
    }

    /** The latency distributions alone, as attached for charts and other tools. */
    public static String latencyJson(LoadResult result) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("cell", result.cell().slug());
        n.set("connect", LatencyDistribution.json(result.connectTimes()));
        n.set("request", LatencyDistribution.json(result.requestTimes()));
        return JSON.writeValueAsString(n);
    }

    private static ObjectNode toJson(LoadResult result, List<Verdict> verdicts, boolean partial) {
        ObjectNode root = JSON.createObjectNode();
        LoadCell cell = result.cell();
        root.put("schema", "quicperf.load-cell/1");
        root.put("partial", partial);
        cell.coordinates().forEach(root::put);
        root.put("implementationVersion", cell.implementation().version());
        root.put("loadClient", LoadClients.describe(cell.implementation()));
        root.put("profile", result.profile());
        ObjectNode plan = root.putObject("plan");
        plan.put("connections", cell.plan().connections());
        plan.put("requests", cell.plan().requests());
        plan.put("warmupRequests", cell.plan().warmupRequests());
        plan.put("responseBytes", cell.plan().responseBytes());
        root.put("serverLaunch", result.serverLaunch());
        result.broken().ifPresent(b -> root.put("broken", b));
        result.perSecond().ifPresent(s -> root.set("perSecond", SummaryJson.of(s)));
        result.profilerOverhead().ifPresent(w -> root.putObject("profilerOverhead").put("relative", w.relative()));
        result.breakdown().missingBecause().ifPresent(why -> root.put("breakdownMissing", why));
        result.breakdown().breakdown().ifPresent(b -> root.put("breakdownFile", BreakdownReport.JSON_FILE)
                .put("breakdownAgreesWithOs", b.agreesWithOs()));
        result.serverCpuPerRequest().ifPresent(s -> root.set("serverCpuMicrosPerRequest", SummaryJson.of(s)));
        result.connectP99().ifPresent(s -> root.set("connectP99Ms", SummaryJson.of(s)));
        result.requestP99().ifPresent(s -> root.set("requestP99Ms", SummaryJson.of(s)));
        result.clientCpuShare().ifPresent(s -> root.set("clientCpuShare", SummaryJson.of(s)));
        result.serverCpuShare().ifPresent(s -> root.set("serverCpuShare", SummaryJson.of(s)));
        root.put("clientBound", result.clientBound());
        ObjectNode latency = root.putObject("latency");
        latency.set("connect", LatencyDistribution.json(result.connectTimes()));
        latency.set("request", LatencyDistribution.json(result.requestTimes()));
        ObjectNode where = root.putObject("environmentFacts");
        cell.environment().describe().forEach(where::put);
        ArrayNode runs = root.putArray("runs");
        for (LoadRun r : result.runs()) {
            ObjectNode n = runs.addObject();
            n.put("number", r.number());
            n.put("warmup", r.warmup());
            n.put("profiled", r.profiled());
            n.put("perSecond", r.perSecond());
            n.put("serverCpuNanos", r.serverCpu().totalNanos());
            n.put("serverCpuPrecise", r.serverCpu().precise());
            n.put("serverCpuTimedNanos", r.serverCpuTimed().totalNanos());
            n.put("serverCpuTimedPrecise", r.serverCpuTimed().precise());
            n.put("serverCpuShare", r.serverCpuShare());
            n.put("serverCpuMicrosPerRequest", r.serverCpuMicrosPerRequest());
            n.put("clientCpuShare", r.report().clientCpuShare());
            n.set("client", JSON.valueToTree(r.report()));
        }
        ArrayNode budgets = root.putArray("budgets");
        for (Verdict v : verdicts) {
            budgets.addObject().put("status", v.status().name()).put("message", v.message());
        }
        return root;
    }
}
