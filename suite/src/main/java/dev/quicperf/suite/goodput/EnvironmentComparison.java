package dev.quicperf.suite.goodput;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quicperf.environment.LinuxHostEnvironment;
import dev.quicperf.environment.profile.CpuBreakdown;
import dev.quicperf.report.HtmlTable;
import dev.quicperf.suite.ByteSize;
import dev.quicperf.suite.breakdown.BreakdownReport;
import dev.quicperf.suite.stats.Summary;
import dev.quicperf.suite.stats.Welch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The question of the study: the same implementation, I/O mode and object size with its server
 * in each environment (the host, network namespaces, a container, later a VM), side by side with
 * the change against the host, collected from the goodput cells as they finish in this run.
 */
public final class EnvironmentComparison {

    private static final Map<String, Group> GROUPS = new LinkedHashMap<>();

    private EnvironmentComparison() {
    }

    /** One implementation, I/O mode and size, and its finished cells by environment in the order they ran. */
    public record Group(String implementation, String ioMode, long size, Map<String, GoodputResult> results) {

        public String title() {
            return implementation + " (" + ioMode + "), " + ByteSize.format(size);
        }

        @Override
        public String toString() {
            return title();
        }

        /** A file-system-safe name, e.g. {@code environments-netty-quic-epoll+gso-20MB}. */
        public String slug() {
            return "environments-" + implementation + "-" + ioMode + "-" + ByteSize.format(size);
        }
    }

    public static synchronized void record(GoodputResult result) {
        GoodputCell cell = result.cell();
        GROUPS.computeIfAbsent(key(cell), k -> new Group(cell.implementation().id(), cell.ioMode().id(), cell.size(),
                new LinkedHashMap<>())).results().put(cell.environment().id(), result);
    }

    private static String key(GoodputCell cell) {
        return cell.implementation().id() + "|" + cell.ioMode().id() + "|" + cell.size();
    }

    /** Groups where the host and at least one other environment finished. */
    public static synchronized List<Group> comparable() {
        return GROUPS.values().stream()
                .filter(g -> g.results().size() > 1 && g.results().containsKey(LinuxHostEnvironment.ID))
                .map(g -> new Group(g.implementation(), g.ioMode(), g.size(), new LinkedHashMap<>(g.results())))
                .toList();
    }

    /**
     * The CPU breakdowns of the same implementation, I/O mode and size in the environments that
     * finished before {@code result}'s, for its breakdown table's Change % columns.
     */
    public static synchronized List<BreakdownReport.Sibling> earlierSiblings(GoodputResult result) {
        Group g = GROUPS.get(key(result.cell()));
        if (g == null) {
            return List.of();
        }
        List<BreakdownReport.Sibling> siblings = new ArrayList<>();
        g.results().forEach((env, other) -> {
            if (!env.equals(result.cell().environment().id())) {
                other.breakdown().breakdown().ifPresent(b -> siblings.add(new BreakdownReport.Sibling(env, b)));
            }
        });
        return siblings;
    }

    /** {@code result}'s server CPU per packet against the same cell on the host, as a ratio with its interval. */
    public static synchronized Optional<Summary> cpuPerPacketVsHost(GoodputResult result) {
        return hostSibling(result).flatMap(host -> ratio(host.serverCpuPerPacket(), result.serverCpuPerPacket()));
    }

    /** {@code result}'s goodput against the same cell on the host, as a ratio with its interval. */
    public static synchronized Optional<Summary> goodputVsHost(GoodputResult result) {
        return hostSibling(result).flatMap(host -> ratio(host.goodput(), result.goodput()));
    }

    private static Optional<Summary> ratio(Optional<Summary> base, Optional<Summary> other) {
        return base.flatMap(a -> other.map(b -> Welch.compare(a, b).asRatio(Math.min(a.n(), b.n()))));
    }

    private static Optional<GoodputResult> hostSibling(GoodputResult result) {
        if (result.cell().environment().id().equals(LinuxHostEnvironment.ID)) {
            return Optional.empty();
        }
        Group group = GROUPS.get(key(result.cell()));
        return Optional.ofNullable(group == null ? null : group.results().get(LinuxHostEnvironment.ID));
    }

    public static HtmlTable table(Group group) {
        GoodputResult host = group.results().get(LinuxHostEnvironment.ID);
        List<GoodputResult> columns = new ArrayList<>(group.results().values());
        List<String> header = SideBySide.header("µs per packet", columns, host, r -> r.cell().environment().id());
        List<List<String>> rows = new ArrayList<>(SideBySide.perPacketRows(columns, host));
        rows.add(SideBySide.row("Client CPU share of its core", columns, host, r -> r.clientCpuShare().map(Summary::mean)));

        HtmlTable page = new HtmlTable("Environments: " + group.title());
        page.table("Server CPU per packet by part in each environment beside the host (the study's Linux vs OSv"
                + " layout)", header, rows);
        List<List<String>> intervals = new ArrayList<>();
        for (GoodputResult r : columns) {
            boolean isHost = r == host;
            intervals.add(List.of(r.cell().environment().id(),
                    r.goodput().map(s -> s.format("Mbps")).orElse("-"),
                    isHost ? "-" : goodputVsHost(r).map(SideBySide::ratio).orElse("-"),
                    r.serverCpuPerPacket().map(s -> s.format("µs")).orElse("-"),
                    isHost ? "-" : cpuPerPacketVsHost(r).map(SideBySide::ratio).orElse("-"),
                    r.clientBound() ? "yes" : "no",
                    r.cell().environment().describe().getOrDefault("environment", "")));
        }
        page.table("Measured runs, mean ± 95% CI", List.of("environment", "goodput", "× host's",
                "server CPU per packet", "× host's", "client-bound", "where the server ran"), intervals);
        page.note("Each column is one goodput cell of this run; Change % and × host's are against the server as a"
                + " host process on loopback (linux). Per part: shares of the server's stack samples in the profiled"
                + " runs times the CPU the OS measured for them, per packet the server sent. Environments that could"
                + " not run here (no root, no Docker engine, no netem) are absent; their cells say why.");
        return page;
    }

    public static ObjectNode json(Group group, ObjectMapper mapper) {
        ObjectNode root = mapper.createObjectNode();
        root.put("schema", "quicperf.environments/1");
        root.put("implementation", group.implementation());
        root.put("io", group.ioMode());
        root.put("size", ByteSize.format(group.size()));
        ArrayNode envs = root.putArray("environments");
        for (Map.Entry<String, GoodputResult> e : group.results().entrySet()) {
            GoodputResult r = e.getValue();
            ObjectNode m = envs.addObject();
            m.put("environment", e.getKey());
            r.goodput().ifPresent(s -> m.put("goodputMbps", s.mean()).put("goodputCi95HalfWidth", s.ciHalfWidth()));
            r.serverCpuPerPacket().ifPresent(s -> m.put("serverCpuMicrosPerPacket", s.mean())
                    .put("serverCpuMicrosPerPacketCi95HalfWidth", s.ciHalfWidth()));
            goodputVsHost(r).ifPresent(s -> m.put("goodputVsHost", s.mean()).put("goodputVsHostCi95HalfWidth",
                    s.ciHalfWidth()));
            cpuPerPacketVsHost(r).ifPresent(s -> m.put("cpuPerPacketVsHost", s.mean())
                    .put("cpuPerPacketVsHostCi95HalfWidth", s.ciHalfWidth()));
            m.put("clientBound", r.clientBound());
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
