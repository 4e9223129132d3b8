package dev.quicperf.suite.goodput;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quicperf.adapter.Implementation.Role;
import dev.quicperf.report.HtmlTable;
import dev.quicperf.suite.ByteSize;
import dev.quicperf.suite.stats.Summary;
import dev.quicperf.suite.stats.Welch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The study's Table 3 with its reference rows: every stack's goodput beside TCP + TLS 1.3 and the
 * raw-UDP ceiling of the same size and environment, measured in the same run. The reference cells
 * run before the stacks in each environment, so each stack's cell can report its ratios itself.
 */
public final class ReferenceRows {

    // Finished cells in the server's default I/O mode, by environment, in the order they ran.
    private static final Map<String, List<GoodputResult>> BY_ENVIRONMENT = new LinkedHashMap<>();

    private ReferenceRows() {
    }

    public static synchronized void record(GoodputResult result) {
        if (result.cell().defaultIoMode() && result.goodput().isPresent()) {
            BY_ENVIRONMENT.computeIfAbsent(result.cell().environment().id(), k -> new ArrayList<>()).add(result);
        }
    }

    /** {@code result}'s goodput against the reference row of {@code role} at its size and environment. */
    public static synchronized Optional<Summary> goodputVs(Role role, GoodputResult result) {
        if (result.cell().implementation().role() == role) {
            return Optional.empty();
        }
        return reference(role, result.cell().environment().id(), result.cell().size())
                .flatMap(ref -> ref.goodput().flatMap(a -> result.goodput()
                        .map(b -> Welch.compare(a, b).asRatio(Math.min(a.n(), b.n())))));
    }

    /**
     * A stack cell's own statement of its ratios to the reference rows, as an Allure attachment
     * and {@code references.json} in its directory; nothing for a reference row or a run without them.
     */
    public static void attachRatios(GoodputResult result, java.nio.file.Path cellDir) throws java.io.IOException {
        Optional<Summary> ceiling = goodputVs(Role.UDP_CEILING, result);
        Optional<Summary> tcp = goodputVs(Role.TCP_TLS_REFERENCE, result);
        if (ceiling.isEmpty() && tcp.isEmpty()) {
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        ObjectNode json = new ObjectMapper().createObjectNode().put("schema", "quicperf.references/1");
        ceiling.ifPresent(s -> {
            rows.add(List.of("udp-ceiling (raw UDP, same path)", percent(s)));
            json.put("goodputVsUdpCeiling", s.mean()).put("goodputVsUdpCeilingCi95HalfWidth", s.ciHalfWidth());
        });
        tcp.ifPresent(s -> {
            rows.add(List.of("tcp-tls (TCP + TLS 1.3)", percent(s)));
            json.put("goodputVsTcpTls", s.mean()).put("goodputVsTcpTlsCi95HalfWidth", s.ciHalfWidth());
        });
        HtmlTable page = new HtmlTable("Goodput against the reference rows");
        page.table("This cell's goodput as a share of the reference rows' at the same size and environment, this run",
                List.of("reference", "goodput share, ± 95% CI"), rows);
        dev.quicperf.report.Attachments.html("against the reference rows", page);
        java.nio.file.Files.writeString(cellDir.resolve("references.json"), json.toPrettyString());
    }

    private static Optional<GoodputResult> reference(Role role, String environment, long size) {
        return BY_ENVIRONMENT.getOrDefault(environment, List.of()).stream()
                .filter(r -> r.cell().implementation().role() == role && r.cell().size() == size).findFirst();
    }

    /** Environments with at least one stack's cell and one reference cell finished. */
    public static synchronized List<String> environments() {
        return BY_ENVIRONMENT.entrySet().stream()
                .filter(e -> e.getValue().stream().anyMatch(r -> r.cell().implementation().role() != Role.QUIC_STACK)
                        && e.getValue().stream().anyMatch(r -> r.cell().implementation().role() == Role.QUIC_STACK))
                .map(Map.Entry::getKey).toList();
    }

    /** Rows: the QUIC stacks, then TCP + TLS, then the ceiling; columns: each size's goodput and its two ratios. */
    public static synchronized HtmlTable table(String environment) {
        List<GoodputResult> results = BY_ENVIRONMENT.getOrDefault(environment, List.of());
        TreeSet<Long> sizes = new TreeSet<>();
        Map<String, Map<Long, GoodputResult>> rows = rows(results, sizes);
        List<String> header = new ArrayList<>(List.of("implementation", "payload check"));
        for (long size : sizes) {
            header.addAll(List.of(ByteSize.format(size) + " Mbps", "% of UDP ceiling", "% of TCP+TLS"));
        }
        List<List<String>> body = new ArrayList<>();
        for (Map.Entry<String, Map<Long, GoodputResult>> row : rows.entrySet()) {
            GoodputResult any = row.getValue().values().iterator().next();
            List<String> cells = new ArrayList<>(List.of(row.getKey() + " " + any.cell().implementation().version(),
                    any.cell().implementation().payloadCheck()));
            for (long size : sizes) {
                GoodputResult r = row.getValue().get(size);
                if (r == null) {
                    cells.addAll(List.of("-", "-", "-"));
                    continue;
                }
                cells.add(r.goodput().map(s -> String.format("%.1f ± %.1f", s.mean(), s.ciHalfWidth())).orElse("-")
                        + (r.clientBound() ? " (client-bound)" : ""));
                cells.add(goodputVs(Role.UDP_CEILING, r).map(ReferenceRows::percent).orElse("-"));
                cells.add(goodputVs(Role.TCP_TLS_REFERENCE, r).map(ReferenceRows::percent).orElse("-"));
            }
            body.add(cells);
        }
        HtmlTable page = new HtmlTable("Goodput with the reference rows: " + environment);
        page.table("Goodput by implementation and object size, mean ± 95% CI of the measured runs (the study's"
                + " Table 3 layout)", header, body);
        page.note("Each stack downloads with its own client, as in the study; the ratios are to the tcp-tls row (the"
                + " same requests over TCP + TLS 1.3, AES-128-GCM: the study's Apache2 row) and to the udp-ceiling row"
                + " (datagrams through the same socket path without QUIC or crypto, with credit-based flow control:"
                + " the most this environment carries), both measured in this run at the same size. Ratios carry a"
                + " 95% interval (Welch). 'length only' rows are foreign stacks whose body is not quicperf's pattern.");
        return page;
    }

    private static Map<String, Map<Long, GoodputResult>> rows(List<GoodputResult> results, TreeSet<Long> sizes) {
        Map<String, Map<Long, GoodputResult>> rows = new LinkedHashMap<>();
        results.stream().sorted(Comparator.comparing((GoodputResult r) -> r.cell().implementation().role()))
                .forEach(r -> {
                    sizes.add(r.cell().size());
                    rows.computeIfAbsent(r.cell().implementation().id(), k -> new LinkedHashMap<>()).put(r.cell().size(), r);
                });
        return rows;
    }

    private static String percent(Summary ratio) {
        return String.format("%.1f%% ± %.1f", ratio.mean() * 100, ratio.ciHalfWidth() * 100);
    }

    public static synchronized ObjectNode json(String environment, ObjectMapper mapper) {
        ObjectNode root = mapper.createObjectNode();
        root.put("schema", "quicperf.goodput-table/1");
        root.put("environment", environment);
        ArrayNode cells = root.putArray("cells");
        for (GoodputResult r : BY_ENVIRONMENT.getOrDefault(environment, List.of())) {
            ObjectNode c = cells.addObject();
            c.put("implementation", r.cell().implementation().id());
            c.put("role", r.cell().implementation().role().name());
            c.put("version", r.cell().implementation().version());
            c.put("size", ByteSize.format(r.cell().size()));
            r.goodput().ifPresent(s -> c.put("goodputMbps", s.mean()).put("goodputCi95HalfWidth", s.ciHalfWidth()));
            goodputVs(Role.UDP_CEILING, r).ifPresent(s -> c.put("vsUdpCeiling", s.mean()).put("vsUdpCeilingCi95", s.ciHalfWidth()));
            goodputVs(Role.TCP_TLS_REFERENCE, r).ifPresent(s -> c.put("vsTcpTls", s.mean()).put("vsTcpTlsCi95", s.ciHalfWidth()));
            c.put("clientBound", r.clientBound());
        }
        return root;
    }
}
