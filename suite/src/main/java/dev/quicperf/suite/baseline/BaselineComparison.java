package dev.quicperf.suite.baseline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quicperf.report.Attachments;
import dev.quicperf.report.HtmlTable;
import dev.quicperf.suite.AtomicFile;
import dev.quicperf.suite.budget.Metric;
import dev.quicperf.suite.stats.Summary;
import dev.quicperf.suite.stats.SummaryJson;
import dev.quicperf.suite.stats.Welch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every metric of a cell against the same cell of the baseline run: the change of the mean with
 * its 95% interval (Welch's t, unequal variances) and whether it is significant. Written as
 * {@code baseline.json} in the cell's directory and attached to its Allure result.
 */
public final class BaselineComparison {

    public static final String JSON_FILE = "baseline.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One metric's change, or why it has none. */
    public record Row(Metric metric, Optional<Summary> before, Summary now, Optional<Welch> change, String missingBecause) {
    }

    private BaselineComparison() {
    }

    public static List<Row> compare(Baseline baseline, String slug, String profile, Map<Metric, Summary> measured) {
        List<Row> rows = new ArrayList<>();
        measured.forEach((metric, now) -> {
            if (metric.cellJsonKey().isEmpty()) {
                return;
            }
            Baseline.Lookup before = baseline.lookup(slug, profile, metric);
            rows.add(new Row(metric, before.summary(), now, before.summary().map(b -> Welch.compare(b, now)),
                    before.missingBecause()));
        });
        return rows;
    }

    /** Writes {@code baseline.json} and attaches the table; nothing when no baseline was given. */
    public static void attach(Optional<Baseline> baseline, String slug, String profile, Map<Metric, Summary> measured,
            Path cellDir) throws IOException {
        if (baseline.isEmpty() || measured.isEmpty()) {
            return;
        }
        List<Row> rows = compare(baseline.get(), slug, profile, measured);
        ObjectNode root = JSON.createObjectNode();
        root.put("schema", "quicperf.baseline-comparison/1");
        root.put("baseline", baseline.get().dir().toString());
        ArrayNode metrics = root.putArray("metrics");
        List<List<String>> table = new ArrayList<>();
        for (Row r : rows) {
            ObjectNode n = metrics.addObject().put("metric", r.metric().key).put("unit", r.metric().unit);
            n.set("now", SummaryJson.of(r.now()));
            r.before().ifPresent(b -> n.set("baseline", SummaryJson.of(b)));
            r.change().ifPresent(w -> n.put("relativeChange", w.relative())
                    .put("ci95HalfWidth", Double.isNaN(w.ciHalfWidth()) ? null : w.ciHalfWidth())
                    .put("significant", w.significant()));
            if (r.change().isEmpty()) {
                n.put("missing", r.missingBecause());
            }
            table.add(List.of(r.metric().key + " (" + r.metric().unit + ")",
                    r.before().map(b -> b.format("")).orElse("n/a"), r.now().format(""),
                    r.change().map(Welch::format).orElse("n/a: " + r.missingBecause())));
        }
        String json = AtomicFile.writeJson(cellDir.resolve(JSON_FILE), root);
        HtmlTable page = new HtmlTable("against the baseline: " + slug)
                .table("Change of each mean against " + baseline.get().dir(),
                        List.of("metric", "baseline (mean ± 95% CI)", "this run", "change ± 95% CI"), table)
                .note("The change is this run's mean over the baseline's, minus one; its interval comes from Welch's t"
                        + " (unequal variances) over both runs' measured samples. 'significant' means the interval"
                        + " leaves out zero: a change larger than the noise at 95%. Relative budgets"
                        + " (\">= -5% vs baseline\") pass or fail only when the whole interval is on one side of their"
                        + " limit.");
        Attachments.html("against the baseline", page);
        Attachments.json(JSON_FILE, json);
    }
}
