package dev.quicperf.suite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicperf.environment.Environment;
import dev.quicperf.report.Attachments;
import dev.quicperf.report.summary.AllureCellLinks;
import dev.quicperf.report.summary.MatrixSummary;
import dev.quicperf.suite.report.RunFacts;
import io.qameta.allure.Allure;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * After the matrices and their comparisons: the run's summary site in
 * {@code suite/target/quicperf-report/} (index.html, a page per cell, summary.json), and the
 * same overview attached to Allure with its charts.
 */
// After every test that writes cells (goodput 1, load 2, comparisons 3-4, interop 5).
@Order(6)
class MatrixSummaryTest {

    private static final SuiteSettings SETTINGS = SuiteSettings.fromSystemProperties();

    @Test
    void summaryOfTheWholeMatrix() throws Exception {
        Allure.getLifecycle().updateTestCase(t -> t.setName("summary: the whole matrix"));
        Allure.epic("summary");
        Path out = Path.of(System.getProperty("quicperf.report", "target/quicperf-report")).toAbsolutePath();
        var facts = RunFacts.collect(Path.of(System.getProperty("user.dir")), SETTINGS.profile().name(),
                Implementations.selected(), Environments.selected().stream().map(Environment::id).toList());
        MatrixSummary summary = MatrixSummary.writeSite(SETTINGS.workDir(), out, facts);
        Attachments.html(AllureCellLinks.SUMMARY_ATTACHMENT, summary.page(facts));
        summary.charts().forEach((title, svg) -> Attachments.svg(title, svg));
        Attachments.json("summary.json", Files.readString(out.resolve("summary.json")));
        Attachments.text("where the summary site is", out.resolve(MatrixSummary.INDEX)
                + "\nServe it over HTTP with the Allure report or on its own, e.g."
                + " python3 -m http.server --bind 127.0.0.1 --directory " + out + " 8000");
        // Every cell directory the matrices left must appear, linked, on the page.
        String index = Files.readString(out.resolve(MatrixSummary.INDEX));
        for (var cell : summary.cells()) {
            assertThat(index).as("summary page links cell " + cell.slug()).contains("cells/" + cell.slug() + ".html");
            assertThat(out.resolve("cells").resolve(cell.slug() + ".html")).isRegularFile();
        }
    }
}
