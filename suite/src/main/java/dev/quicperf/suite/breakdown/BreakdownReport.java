package dev.quicperf.suite.breakdown;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quicperf.adapter.CpuCategory;
import dev.quicperf.environment.profile.CpuBreakdown;
import dev.quicperf.environment.profile.FlameGraphs;
import dev.quicperf.report.Attachments;
import io.qameta.allure.Allure;
import dev.quicperf.report.HtmlTable;
import dev.quicperf.report.Numbers;
import dev.quicperf.report.chart.StackedBars;
import dev.quicperf.suite.AtomicFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A cell's CPU breakdown on disk and in Allure: {@code breakdown.json}, the merged
 * {@code profile.collapsed}, {@code flamegraph.html}, and a table in the study's layout
 * (µs per packet or request for TLS, sendmsg(), recvmsg(), ACK handling, the rest).
 */
public final class BreakdownReport {

    public static final String JSON_FILE = "breakdown.json";
    public static final String FLAME_GRAPH = "flamegraph.html";
    public static final String COLLAPSED = "profile.collapsed";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * What a cell knows besides the breakdown itself.
     *
     * @param beside the cell's headline numbers, e.g. {@code goodput (Mbps)} → {@code 312 ± 20}
     * @param overhead the profiler's cost on the headline metric, in words
     */
    public record Context(String title, String environment, List<List<String>> beside, String overhead,
            List<Sibling> siblings) {
    }

    /**
     * The same implementation, scenario and size in another environment of this run, whose
     * breakdown the table sets beside this one with the change against it.
     */
    public record Sibling(String environment, CpuBreakdown breakdown) {
    }

    private BreakdownReport() {
    }

    /** Writes the files and attaches the table, the flame graph and the JSON; or a note saying why there is none. */
    public static void attach(ProfiledWindows.Result result, Context context, Path cellDir) throws IOException {
        if (result.breakdown().isEmpty()) {
            Attachments.text("CPU breakdown", "No CPU breakdown for this cell: " + result.missingBecause().orElse("?"));
            return;
        }
        CpuBreakdown b = result.breakdown().get();
        if (!b.agreesWithOs()) {
            Allure.label("tag", "breakdown-disagrees-with-os");
        }
        result.stacks().write(cellDir.resolve(COLLAPSED));
        Path flame = cellDir.resolve(FLAME_GRAPH);
        FlameGraphs.write(result.stacks(), flame, "server CPU: " + context.title());
        String json = AtomicFile.writeJson(cellDir.resolve(JSON_FILE), json(b, context, result));
        Attachments.html("CPU breakdown", table(b, context, result));
        Attachments.htmlFile("flame graph (server, profiled runs)", flame);
        Attachments.json(JSON_FILE, json);
    }

    static ObjectNode json(CpuBreakdown b, Context context, ProfiledWindows.Result result) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema", "quicperf.cpu-breakdown/1");
        root.put("profiler", result.profiler());
        root.put("profiledWindows", result.windows());
        root.put("unit", b.unit());
        root.put("units", b.units());
        root.put("samples", b.samples());
        root.put("intervalNanos", b.intervalNanos());
        root.put("sampledNanos", b.sampledNanos());
        root.put("osCpuNanos", b.osCpuNanos());
        root.put("checkedSampledNanos", b.checkedSampledNanos());
        root.put("checkedOsNanos", b.checkedOsNanos());
        root.put("sampledToOs", b.sampledToOs());
        root.put("agreesWithOs", b.agreesWithOs());
        root.put("tolerance", CpuBreakdown.TOLERANCE);
        root.put("kernelFrames", b.kernelFrames());
        root.put("totalMicrosPerUnit", b.totalMicrosPerUnit());
        root.put("ioShareOfTransport", b.ioShareOfTransport());
        root.put("profilerOverhead", context.overhead());
        ArrayNode parts = root.putArray("categories");
        for (CpuBreakdown.Part p : b.parts()) {
            parts.addObject().put("category", p.category().id()).put("label", p.category().label())
                    .put("samples", p.samples()).put("share", p.share()).put("microsPerUnit", p.microsPerUnit());
        }
        ArrayNode caveats = root.putArray("caveats");
        b.caveats().forEach(caveats::add);
        return root;
    }

    /** One stacked bar per environment, this cell's first, in the table's category order. */
    static String chart(CpuBreakdown b, Context context) {
        List<CpuCategory> order = CpuCategory.tableOrder();
        StackedBars bars = new StackedBars("server CPU per " + b.unit() + ": " + context.title(), "µs per " + b.unit(),
                order.stream().map(CpuCategory::label).toList());
        bars.bar(context.environment() + " (this cell)", perPart(b, order));
        for (Sibling sib : context.siblings()) {
            bars.bar(sib.environment(), perPart(sib.breakdown(), order));
        }
        return bars.render();
    }

    private static double[] perPart(CpuBreakdown b, List<CpuCategory> order) {
        return order.stream().mapToDouble(c -> b.part(c).microsPerUnit()).toArray();
    }

    private static String change(double mine, double theirs) {
        if (!(theirs > 0) || Double.isNaN(mine)) {
            return "n/a";
        }
        return String.format(java.util.Locale.ROOT, "%+.1f%%", 100 * (mine - theirs) / theirs);
    }

    static HtmlTable table(CpuBreakdown b, Context context, ProfiledWindows.Result result) {
        HtmlTable page = new HtmlTable("CPU breakdown: " + context.title());
        String perUnit = "µs per " + b.unit();
        List<String> columns = new ArrayList<>(List.of("part", perUnit, "share", "samples"));
        for (Sibling sib : context.siblings()) {
            columns.add(sib.environment() + " (" + perUnit + ")");
            columns.add("change vs " + sib.environment());
        }
        List<List<String>> rows = new ArrayList<>();
        for (CpuCategory c : CpuCategory.tableOrder()) {
            CpuBreakdown.Part p = b.part(c);
            List<String> row = new ArrayList<>(List.of(c.label(), Numbers.format(p.microsPerUnit()),
                    Numbers.percent(p.share()), Long.toString(p.samples())));
            for (Sibling sib : context.siblings()) {
                double theirs = sib.breakdown().part(c).microsPerUnit();
                row.add(Numbers.format(theirs));
                row.add(change(p.microsPerUnit(), theirs));
            }
            rows.add(row);
        }
        List<String> total = new ArrayList<>(List.of("Total", Numbers.format(b.totalMicrosPerUnit()), "100%",
                Long.toString(b.samples())));
        for (Sibling sib : context.siblings()) {
            total.add(Numbers.format(sib.breakdown().totalMicrosPerUnit()));
            total.add(change(b.totalMicrosPerUnit(), sib.breakdown().totalMicrosPerUnit()));
        }
        rows.add(total);
        page.table("Server CPU per " + b.unit() + " (" + b.units() + " " + b.unit() + "s in "
                + result.windows() + " profiled run(s))", columns, rows);
        if (!context.siblings().isEmpty()) {
            page.note("Change is this environment against the other one, the study's Tables 4-9 way round:"
                    + " (this - other) / other. Each column comes from its own cell's profiled runs in this run.");
        }
        page.svg("Where the server's CPU goes, " + perUnit, chart(b, context));
        b.caveats().forEach(c -> page.note("CAVEAT: " + c));
        if (!context.beside().isEmpty()) {
            page.table("Beside it (unprofiled measured runs)", List.of("metric", "value"), context.beside());
        }
        page.table("How far to trust it", List.of("check", "value"), List.of(
                List.of("sampled CPU / OS-measured CPU, same threads", String.format("%.2f (%s ±%.0f%%; %s of %s ms)",
                        b.sampledToOs(), b.agreesWithOs() ? "within" : "OUTSIDE", CpuBreakdown.TOLERANCE * 100,
                        Numbers.format(b.checkedSampledNanos() / 1e6), Numbers.format(b.checkedOsNanos() / 1e6))),
                List.of("samples × interval", b.samples() + " × " + Numbers.format(b.intervalNanos() / 1e6) + " ms"),
                List.of("OS-measured server CPU (ms)", Numbers.format(b.osCpuNanos() / 1e6)),
                List.of("kernel frames sampled", b.kernelFrames() ? "yes" : "NO"),
                List.of("profiler overhead on the headline metric", context.overhead()),
                List.of("profiler", result.profiler())));
        page.note("sendmsg() + recvmsg() are " + Numbers.percent(b.ioShareOfTransport()) + " of transport CPU (all but"
                + " TLS, loopback delivery and the JVM's runtime); the study's Table 2 has 40.9% for picoquic and 79.0% for quicly (2 GB,"
                + " two machines).");
        page.note("How to read it: shares come from stack samples; the µs are those shares of the CPU time the OS"
                + " measured for the server over the same profiled runs, divided by the " + b.unit() + "s in them."
                + " A stack counts for the first category, in the order loopback delivery, sendmsg(), recvmsg(), TLS,"
                + " ACK handling, runtime, whose rules match any of its frames; 'remaining' is the rest (QUIC framing,"
                + " streams, the application, event loops). Loopback delivery is the receiver's softirq work that"
                + " Linux runs inside the sender's send call when both ends share a machine. Without a hardware PMU"
                + " samples skew toward points where interrupts are re-enabled, so trust a syscall's total more than"
                + " how its kernel time splits. Headline numbers come from unprofiled runs only.");
        return page;
    }
}
