package dev.quicperf.suite.goodput;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quicperf.adapter.CpuCategory;
import dev.quicperf.adapter.IoMode;
import dev.quicperf.environment.profile.CpuBreakdown;
import dev.quicperf.report.HtmlTable;
import dev.quicperf.suite.ByteSize;
import dev.quicperf.suite.load.LoadCell;
import dev.quicperf.suite.load.LoadResult;
import dev.quicperf.suite.stats.Summary;
import dev.quicperf.suite.stats.Welch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The goodput cells of one implementation, environment and size across its server's I/O modes,
 * collected as they finish in this run, and the study's Linux-vs-OSv table redrawn for them:
 * CPU per packet by category for each mode beside {@code nio}, with the change against it, and
 * the requests/s of the rps cells in the same modes beside the goodput.
 */
public final class IoModeComparison {

    private static final Map<String, Group> GROUPS = new LinkedHashMap<>();
    /** rps cells by implementation and environment, then I/O mode. */
    private static final Map<String, Map<IoMode, LoadResult>> RPS = new LinkedHashMap<>();

    private IoModeComparison() {
    }

    /** One implementation, environment and size, and its finished cells by I/O mode in the order they ran. */
    public record Group(String implementation, String environment, long size, Map<IoMode, GoodputResult> results) {

        public String title() {
            return implementation + " on " + environment + ", " + ByteSize.format(size);
        }

        @Override
        public String toString() {
            return title();
        }

        /** A file-system-safe name, e.g. {@code io-modes-netty-quic-linux-20MB}. */
        public String slug() {
            return "io-modes-" + implementation + "-" + environment + "-" + ByteSize.format(size);
        }
    }

    public static synchronized void record(GoodputResult result) {
        GoodputCell cell = result.cell();
        GROUPS.computeIfAbsent(key(cell), k -> new Group(cell.implementation().id(), cell.environment().id(),
                cell.size(), new LinkedHashMap<>())).results().put(cell.ioMode(), result);
    }

    public static synchronized void recordRps(LoadResult result) {
        LoadCell cell = result.cell();
        RPS.computeIfAbsent(cell.implementation().id() + "|" + cell.environment().id(), k -> new LinkedHashMap<>())
                .put(cell.ioMode(), result);
    }

    private static synchronized Optional<LoadResult> rps(Group group, IoMode mode) {
        return Optional.ofNullable(RPS.getOrDefault(group.implementation() + "|" + group.environment(), Map.of())
                .get(mode));
    }

    /** Groups where more than one I/O mode finished, nio among them. */
    public static synchronized List<Group> comparable() {
        return GROUPS.values().stream().filter(g -> g.results().size() > 1 && g.results().containsKey(IoMode.NIO))
                .map(g -> new Group(g.implementation(), g.environment(), g.size(), new LinkedHashMap<>(g.results())))
                .toList();
    }

    /**
     * {@code cell}'s server CPU per packet against the same cell with its server in nio, when
     * that ran first in this run.
     */
    public static synchronized Optional<Summary> cpuPerPacketVsNio(GoodputResult result) {
        return nioSibling(result).flatMap(nio -> nio.serverCpuPerPacket()).flatMap(a -> result.serverCpuPerPacket()
                .map(b -> Welch.compare(a, b).asRatio(Math.min(a.n(), b.n()))));
    }

    /**
     * One part of {@code cell}'s CPU breakdown per packet against the same part with its server
     * in nio, when that ran first in this run and both have breakdowns. The interval covers the
     * sampling error of the two shares (binomial, delta method), not the run-to-run spread of
     * the total, which {@link #cpuPerPacketVsNio} holds.
     */
    public static synchronized Optional<Summary> partVsNio(GoodputResult result, CpuCategory category) {
        Optional<GoodputResult> nio = nioSibling(result);
        if (nio.isEmpty() || nio.get().breakdown().breakdown().isEmpty() || result.breakdown().breakdown().isEmpty()) {
            return Optional.empty();
        }
        CpuBreakdown base = nio.get().breakdown().breakdown().get();
        CpuBreakdown mode = result.breakdown().breakdown().get();
        double a = base.part(category).microsPerUnit();
        double b = mode.part(category).microsPerUnit();
        if (!(a > 0) || Double.isNaN(b)) {
            return Optional.empty();
        }
        double ratio = b / a;
        double relVariance = shareRelativeVariance(base.part(category).share(), base.samples())
                + shareRelativeVariance(mode.part(category).share(), mode.samples());
        return Optional.of(new Summary((int) Math.min(base.samples(), mode.samples()), ratio, Double.NaN,
                1.96 * ratio * Math.sqrt(relVariance), Double.NaN, Double.NaN));
    }

    /** The same cell with its server in nio, finished earlier in this run; empty for a nio cell itself. */
    private static Optional<GoodputResult> nioSibling(GoodputResult result) {
        if (result.cell().ioMode() == IoMode.NIO) {
            return Optional.empty();
        }
        Group group = GROUPS.get(key(result.cell()));
        return Optional.ofNullable(group == null ? null : group.results().get(IoMode.NIO));
    }

    /** (SE of a share / share)² for a share estimated from {@code samples} samples; infinite with none in it. */
    private static double shareRelativeVariance(double share, long samples) {
        return share > 0 && samples > 0 ? (1 - share) / (share * samples) : Double.POSITIVE_INFINITY;
    }

    private static String key(GoodputCell cell) {
        return cell.implementation().id() + "|" + cell.environment().id() + "|" + cell.size();
    }

    public static HtmlTable table(Group group) {
        List<IoMode> modes = new ArrayList<>(group.results().keySet());
        GoodputResult nio = group.results().get(IoMode.NIO);
        List<GoodputResult> columns = modes.stream().map(group.results()::get).toList();
        List<String> header = SideBySide.header("µs per packet", columns, nio, r -> r.cell().ioMode().id());
        List<List<String>> rows = new ArrayList<>(SideBySide.perPacketRows(columns, nio));
        rows.add(SideBySide.row("Requests/s, rps cell (measured runs)", columns, nio,
                r -> rps(group, r.cell().ioMode()).flatMap(LoadResult::perSecond).map(Summary::mean)));
        rows.add(SideBySide.row("Client CPU share of its core", columns, nio, r -> r.clientCpuShare().map(Summary::mean)));

        HtmlTable page = new HtmlTable("I/O modes: " + group.title());
        page.table("Server CPU per packet by part, each I/O mode beside nio (the study's Linux vs OSv layout)",
                header, rows);
        List<List<String>> intervals = new ArrayList<>();
        for (IoMode mode : modes) {
            GoodputResult r = group.results().get(mode);
            intervals.add(List.of(mode.id(),
                    r.serverCpuPerPacket().map(s -> s.format("µs")).orElse("-"),
                    mode == IoMode.NIO || nio == null ? "-" : cpuPerPacketVsNio(r).map(SideBySide::ratio)
                            .orElse("-"),
                    mode == IoMode.NIO || nio == null ? "-" : partVsNio(r, CpuCategory.SENDMSG)
                            .map(SideBySide::ratio).orElse("-"),
                    r.goodput().map(s -> s.format("Mbps")).orElse("-"),
                    r.clientBound() ? "yes" : "no",
                    rps(group, mode).flatMap(LoadResult::perSecond).map(s -> s.format("req/s")).orElse("-"),
                    rps(group, mode).map(l -> l.clientBound() ? "yes" : "no").orElse("-")));
        }
        page.table("Measured runs, mean ± 95% CI", List.of("I/O mode", "server CPU per packet", "× nio's",
                "sendmsg() per packet × nio's (profiled)", "goodput", "client-bound", "rps cell requests/s",
                "rps client-bound"), intervals);
        page.note("Per part: shares of the server's stack samples in the profiled runs times the CPU the OS measured"
                + " for them, per packet the server sent. Change % is against nio in the same run. A cell flagged"
                + " client-bound measured how fast the client took the data: its goodput understates the server;"
                + " its CPU per packet is still the server's.");
        return page;
    }

    public static ObjectNode json(Group group, ObjectMapper mapper) {
        ObjectNode root = mapper.createObjectNode();
        root.put("schema", "quicperf.io-modes/1");
        root.put("implementation", group.implementation());
        root.put("environment", group.environment());
        root.put("size", ByteSize.format(group.size()));
        ArrayNode modes = root.putArray("modes");
        for (Map.Entry<IoMode, GoodputResult> e : group.results().entrySet()) {
            GoodputResult r = e.getValue();
            ObjectNode m = modes.addObject();
            m.put("io", e.getKey().id());
            r.goodput().ifPresent(s -> m.put("goodputMbps", s.mean()).put("goodputCi95HalfWidth", s.ciHalfWidth()));
            r.serverCpuPerPacket().ifPresent(s -> m.put("serverCpuMicrosPerPacket", s.mean())
                    .put("serverCpuMicrosPerPacketCi95HalfWidth", s.ciHalfWidth()));
            cpuPerPacketVsNio(r).ifPresent(s -> m.put("cpuPerPacketVsNio", s.mean())
                    .put("cpuPerPacketVsNioCi95HalfWidth", s.ciHalfWidth()));
            partVsNio(r, CpuCategory.SENDMSG).ifPresent(s -> m.put("sendmsgPerPacketVsNio", s.mean())
                    .put("sendmsgPerPacketVsNioCi95HalfWidth", s.ciHalfWidth()));
            m.put("clientBound", r.clientBound());
            rps(group, e.getKey()).ifPresent(l -> {
                l.perSecond().ifPresent(p -> m.put("rpsRequestsPerSecond", p.mean())
                        .put("rpsRequestsPerSecondCi95HalfWidth", p.ciHalfWidth()));
                m.put("rpsClientBound", l.clientBound());
            });
            r.breakdown().breakdown().ifPresent(b -> {
                ObjectNode parts = m.putObject("microsPerPacket");
                for (CpuBreakdown.Part p : b.parts()) {
                    parts.put(p.category().id(), p.microsPerUnit());
                }
                parts.put("total", b.totalMicrosPerUnit());
            });
        }
        return root;
    }
}
