package dev.quicperf.report.summary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One finished (or interrupted) matrix cell as its directory records it: {@code cell.json} and,
 * where the cell was profiled, {@code breakdown.json}. The summary reads only these files, so it
 * can be rebuilt from a copied run directory as well.
 */
public record CellRecord(Path dir, String slug, String scenario, String implementation, String io, boolean defaultIo,
        String environment, String size, long sizeBytes, String profile, boolean partial, Optional<String> broken,
        boolean clientBound, Optional<Stat> headline, String headlineUnit, Optional<Stat> cpuPerUnit, String cpuUnit,
        Map<String, Double> breakdownMicros, Map<String, List<double[]>> cdfs, List<String> budgets) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every cell directory under {@code runs}, in name order; other directories are left out. */
    public static List<CellRecord> readAll(Path runs) throws IOException {
        List<CellRecord> cells = new ArrayList<>();
        if (!Files.isDirectory(runs)) {
            return cells;
        }
        try (Stream<Path> dirs = Files.list(runs)) {
            for (Path d : dirs.sorted().toList()) {
                Path f = d.resolve("cell.json");
                if (Files.isRegularFile(f)) {
                    read(d, JSON.readTree(f.toFile())).ifPresent(cells::add);
                }
            }
        }
        return cells;
    }

    static Optional<CellRecord> read(Path dir, JsonNode root) throws IOException {
        String schema = root.path("schema").asText("");
        boolean goodput = schema.startsWith("quicperf.goodput-cell/");
        if (!goodput && !schema.startsWith("quicperf.load-cell/")) {
            return Optional.empty();
        }
        String scenario = root.path("scenario").asText();
        // Only the matrix's own cells, named <scenario>-<impl>-<io>-<environment>[-<size>]; the
        // reliability tests keep cells of their own beside them (fault-..., interrupt-...).
        String matrixName = scenario + "-" + root.path("implementation").asText() + "-" + root.path("io").asText()
                + "-" + root.path("environment").asText();
        String name = dir.getFileName().toString();
        if (!name.equals(matrixName) && !name.equals(matrixName + "-" + root.path("size").asText())) {
            return Optional.empty();
        }
        Map<String, Double> parts = new LinkedHashMap<>();
        Path breakdown = dir.resolve("breakdown.json");
        if (Files.isRegularFile(breakdown)) {
            for (JsonNode p : JSON.readTree(breakdown.toFile()).path("categories")) {
                parts.put(p.path("label").asText(), p.path("microsPerUnit").asDouble());
            }
        }
        Map<String, List<double[]>> cdfs = new LinkedHashMap<>();
        root.path("latency").fields().forEachRemaining(e -> {
            List<double[]> points = new ArrayList<>();
            e.getValue().path("cdf").forEach(p -> points.add(new double[] {p.get(0).asDouble(), p.get(1).asDouble()}));
            if (!points.isEmpty()) {
                cdfs.put(e.getKey(), points);
            }
        });
        List<String> budgets = new ArrayList<>();
        root.path("budgets").forEach(b -> budgets.add(b.path("status").asText() + ": " + b.path("message").asText()));
        String rateUnit = scenario.equals("handshakes") ? "handshakes/s" : "requests/s";
        return Optional.of(new CellRecord(dir, dir.getFileName().toString(), scenario,
                root.path("implementation").asText(), root.path("io").asText(),
                root.path("defaultIo").asText("true").equals("true"), root.path("environment").asText(),
                root.path("size").asText(""), root.path("sizeBytes").asLong(0), root.path("profile").asText(),
                root.path("partial").asBoolean(false), Optional.ofNullable(root.path("broken").textValue()),
                root.path("clientBound").asBoolean(false),
                Stat.of(root.get(goodput ? "goodputMbps" : "perSecond")), goodput ? "Mbps" : rateUnit,
                Stat.of(root.get(goodput ? "serverCpuMicrosPerPacket" : "serverCpuMicrosPerRequest")),
                goodput ? "µs per packet" : scenario.equals("handshakes") ? "µs per handshake" : "µs per request",
                parts, cdfs, budgets));
    }

    /** The headline value as a summary table shows it, with what a reader must know beside it. */
    public String headlineText() {
        if (broken.isPresent()) {
            return "broken";
        }
        String value = headline.map(Stat::format).orElse("n/a");
        List<String> marks = new ArrayList<>();
        if (partial) {
            marks.add("partial");
        }
        if (clientBound) {
            marks.add("client-bound");
        }
        if (budgets.stream().anyMatch(b -> b.startsWith("FAIL"))) {
            marks.add("budget broken");
        }
        return value + (marks.isEmpty() ? "" : " (" + String.join(", ", marks) + ")");
    }
}
