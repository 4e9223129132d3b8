package dev.quicperf.report.summary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Points the matrix summary inside a generated Allure report at the report's own cells. The
 * summary is written before Allure gives its results their ids, so its values link to the cell
 * pages of the summary site; once the report exists, this rewrites each link to the Allure result
 * of that cell (found by its {@code quicperf.cell} label), opened in the whole window.
 */
public final class AllureCellLinks {

    public static final String CELL_LABEL = "quicperf.cell";
    public static final String SUMMARY_ATTACHMENT = "matrix summary";
    private static final Pattern CELL_LINK = Pattern.compile("href=\"cells/([^\"/]+)\\.html\"");
    private static final ObjectMapper JSON = new ObjectMapper();

    private AllureCellLinks() {
    }

    /** {@code main(reportDir)}: run after {@code allure generate}; prints how many links it set. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: AllureCellLinks <allure-report directory>");
        }
        int n = rewrite(Path.of(args[0]));
        System.out.println("[quicperf] matrix summary in " + args[0] + ": " + n + " values now link to their Allure cells");
    }

    /** @return the number of links rewritten */
    public static int rewrite(Path report) throws IOException {
        Path cases = report.resolve("data/test-cases");
        if (!Files.isDirectory(cases)) {
            throw new IllegalArgumentException(report + " is not a generated Allure report (no data/test-cases);"
                    + " generate it first (mvn verify -Pbenchmark)");
        }
        Map<String, String> uidByCell = new HashMap<>();
        List<Path> summaries = new java.util.ArrayList<>();
        try (Stream<Path> files = Files.list(cases)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                JsonNode tc = JSON.readTree(f.toFile());
                for (JsonNode label : tc.path("labels")) {
                    if (CELL_LABEL.equals(label.path("name").asText())) {
                        uidByCell.put(label.path("value").asText(), tc.path("uid").asText());
                    }
                }
                for (JsonNode a : tc.path("testStage").path("attachments")) {
                    if (SUMMARY_ATTACHMENT.equals(a.path("name").asText())) {
                        summaries.add(report.resolve("data/attachments").resolve(a.path("source").asText()));
                    }
                }
            }
        }
        int rewritten = 0;
        for (Path summary : summaries) {
            String html = Files.readString(summary, StandardCharsets.UTF_8);
            Matcher m = CELL_LINK.matcher(html);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String uid = uidByCell.get(m.group(1));
                String replacement = uid == null ? m.group()
                        : "href=\"../../index.html#testresult/" + uid + "\" target=\"_top\"";
                rewritten += uid == null ? 0 : 1;
                m.appendReplacement(out, Matcher.quoteReplacement(replacement));
            }
            m.appendTail(out);
            Files.writeString(summary, out.toString(), StandardCharsets.UTF_8);
        }
        return rewritten;
    }
}
