package dev.quicperf.suite.goodput;

import dev.quicperf.suite.breakdown.BreakdownReport;
import dev.quicperf.suite.breakdown.ProfiledWindows;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quicperf.suite.budget.Verdict;
import dev.quicperf.suite.stats.SummaryJson;
import dev.quicperf.suite.AtomicFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A cell's {@code cell.json}, rewritten after every run so an interrupted suite keeps what it
 * measured. Each write is atomic ({@link AtomicFile}).
 */
public final class CellJournal {

    public static final String FILE = "cell.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CellJournal() {
    }

    /** Writes the cell's JSON atomically and returns it. */
    public static String write(GoodputResult result, List<Verdict> verdicts, boolean partial, Path cellDir)
            throws IOException {
        return AtomicFile.writeJson(cellDir.resolve(FILE), toJson(result, verdicts, partial));
    }

    private static ObjectNode toJson(GoodputResult result, List<Verdict> verdicts, boolean partial) {
        ObjectNode root = JSON.createObjectNode();
        GoodputCell cell = result.cell();
        root.put("schema", "quicperf.goodput-cell/1");
        // True until the cell has finished: an interrupted run leaves its runs so far, marked.
        root.put("partial", partial);
        cell.coordinates().forEach(root::put);
        root.put("implementationVersion", cell.implementation().version());
        root.put("profile", result.profile());
        root.put("sizeBytes", cell.size());
        root.put("serverLaunch", result.serverLaunch());
        result.broken().ifPresent(b -> root.put("broken", b));
        result.goodput().ifPresent(s -> root.set("goodputMbps", SummaryJson.of(s)));
        result.serverCpuPerMB().ifPresent(s -> root.set("serverCpuMsPerMB", SummaryJson.of(s)));
        result.serverCpuPerPacket().ifPresent(s -> root.set("serverCpuMicrosPerPacket", SummaryJson.of(s)));
        result.profilerOverhead().ifPresent(w -> root.putObject("profilerOverheadOnGoodput")
                .put("relative", w.relative()).put("ciHalfWidth", w.ciHalfWidth()).put("significant", w.significant()));
        ProfiledWindows.Result breakdown = result.breakdown();
        breakdown.missingBecause().ifPresent(why -> root.put("breakdownMissing", why));
        breakdown.breakdown().ifPresent(b -> root.put("breakdownFile", BreakdownReport.JSON_FILE)
                .put("breakdownAgreesWithOs", b.agreesWithOs()));
        result.clientCpuShare().ifPresent(s -> root.set("clientCpuShare", SummaryJson.of(s)));
        root.put("clientBound", result.clientBound());
        ObjectNode where = root.putObject("environmentFacts");
        cell.environment().describe().forEach(where::put);
        ArrayNode runs = root.putArray("runs");
        for (RunResult r : result.runs()) {
            ObjectNode n = runs.addObject();
            n.put("number", r.number());
            n.put("warmup", r.warmup());
            n.put("profiled", r.profiled());
            n.put("serverPacketsSent", r.packetsSent());
            if (r.wireDatagramsSent() >= 0) {
                n.put("namespaceUdpSends", r.wireDatagramsSent());
            }
            n.put("goodputMbps", r.goodputMbps());
            n.put("serverCpuNanos", r.serverCpu().totalNanos());
            n.put("serverCpuUserNanos", r.serverCpu().userNanos());
            n.put("serverCpuSystemNanos", r.serverCpu().systemNanos());
            n.put("serverCpuPrecise", r.serverCpu().precise());
            n.set("client", JSON.valueToTree(r.report()));
        }
        ArrayNode budgets = root.putArray("budgets");
        for (Verdict v : verdicts) {
            budgets.addObject().put("status", v.status().name()).put("message", v.message());
        }
        return root;
    }

}
