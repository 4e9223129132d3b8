package dev.quicperf.suite.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quicperf.suite.SuiteSettings;
import dev.quicperf.suite.budget.Metric;
import dev.quicperf.suite.stats.Summary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An earlier run to compare this one with: the {@code cell.json} files of its cells, found under
 * the directory given as {@code -Dquicperf.baseline} (a copy of an earlier
 * {@code suite/target/quicperf-runs} or {@code suite/target/quicperf-report}), keyed by cell:
 * {@code <dir>/<cell>/cell.json}, or {@code <dir>/cells/<cell>/cell.json} for a summary site.
 */
public final class Baseline {

    public static final String PROPERTY = "quicperf.baseline";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One cell of the earlier run. */
    record Cell(Path file, String profile, boolean partial, String broken, JsonNode root) {
    }

    private final Path dir;
    private final Map<String, Cell> cells;

    private Baseline(Path dir, Map<String, Cell> cells) {
        this.dir = dir;
        this.cells = Map.copyOf(cells);
    }

    /** The baseline named by {@code -Dquicperf.baseline}, or empty when none is. */
    public static Optional<Baseline> fromSystemProperties() {
        String value = System.getProperty(PROPERTY, "").strip();
        return value.isEmpty() ? Optional.empty() : Optional.of(load(SuiteSettings.fromCommandLine(value)));
    }

    /**
     * @throws IllegalArgumentException naming the directory and what it should hold, when it is
     *     missing or holds no cell results
     */
    public static Baseline load(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(abs)) {
            throw new IllegalArgumentException("-D" + PROPERTY + "=" + dir + ": no such directory; pass a copy of an"
                    + " earlier run's suite/target/quicperf-runs (copy it away before the next run deletes it)");
        }
        // A summary site keeps its cells under cells/; a run directory at its top. Cells deeper down
        // (the baseline gate test's own runs) are not the run's cells and would shadow them.
        Path top = Files.isDirectory(abs.resolve("cells")) ? abs.resolve("cells") : abs;
        Map<String, Cell> cells = new HashMap<>();
        try (Stream<Path> files = Files.find(top, 2, (p, a) -> a.isRegularFile()
                && p.getFileName().toString().equals("cell.json"))) {
            for (Path f : files.toList()) {
                JsonNode root = read(f);
                String schema = root.path("schema").asText("");
                if (!schema.startsWith("quicperf.goodput-cell/") && !schema.startsWith("quicperf.load-cell/")) {
                    continue;
                }
                cells.put(f.getParent().getFileName().toString(), new Cell(f, root.path("profile").asText("?"),
                        root.path("partial").asBoolean(false), root.path("broken").asText(null), root));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the baseline directory " + abs, e);
        }
        if (cells.isEmpty()) {
            throw new IllegalArgumentException("-D" + PROPERTY + "=" + dir + ": no cell.json of a goodput or load cell"
                    + " under it; pass a copy of an earlier run's suite/target/quicperf-runs");
        }
        return new Baseline(abs, cells);
    }

    public Path dir() {
        return dir;
    }

    /**
     * The earlier run's summary of one metric of one cell (by its slug), or why there is none
     * that this run may be compared with.
     */
    public Lookup lookup(String slug, String profile, Metric metric) {
        Cell c = cells.get(slug);
        if (c == null) {
            return Lookup.missing("the baseline " + dir + " has no cell " + slug);
        }
        if (!c.profile().equals(profile)) {
            return Lookup.missing("the baseline's " + slug + " ran profile " + c.profile() + ", this run " + profile);
        }
        if (c.partial()) {
            return Lookup.missing("the baseline's " + slug + " was interrupted (partial)");
        }
        if (c.broken() != null) {
            return Lookup.missing("the baseline's " + slug + " was broken: " + c.broken());
        }
        Optional<String> key = metric.cellJsonKey();
        JsonNode s = key.map(k -> c.root().path(k)).orElse(null);
        if (s == null || !s.isObject() || !s.has("mean")) {
            return Lookup.missing("the baseline's " + slug + " has no " + metric.key);
        }
        int n = s.path("n").asInt(0);
        double half = s.path("ci95HalfWidth").isNumber() ? s.path("ci95HalfWidth").asDouble() : Double.POSITIVE_INFINITY;
        return new Lookup(Optional.of(new Summary(n, s.path("mean").asDouble(), s.path("stddev").asDouble(), half,
                s.path("min").asDouble(), s.path("max").asDouble())), "");
    }

    /** A baseline summary, or the reason there is none. */
    public record Lookup(Optional<Summary> summary, String missingBecause) {
        static Lookup missing(String why) {
            return new Lookup(Optional.empty(), why);
        }
    }

    private static JsonNode read(Path f) {
        try {
            return JSON.readTree(f.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("-D" + PROPERTY + ": " + f + " is not readable JSON ("
                    + e.getMessage().lines().findFirst().orElse("") + "); remove it or pass another baseline", e);
        }
    }
}
