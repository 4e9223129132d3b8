package dev.quicperf.suite;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quicperf.report.Attachments;
import dev.quicperf.report.summary.AllureCellLinks;
import dev.quicperf.suite.browser.AllureReportPage;
import dev.quicperf.suite.browser.HeadlessChromium;
import dev.quicperf.suite.browser.StaticSite;
import io.qameta.allure.Allure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The report as a reader sees it: an Allure report generated from this run's results so far
 * (with the commandline the main job uses), served on 127.0.0.1 and opened in headless Chromium.
 * A goodput cell's CPU breakdown table and chart must render, and the matrix summary's values
 * must link to their cells; the screenshots are attached.
 */
// After the matrices and the summary (6), before the hygiene check.
@Order(7)
class ReportInBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration UI_TIMEOUT = Duration.ofSeconds(60);

    @Test
    void aCellsCpuBreakdownAndTheMatrixSummaryRenderInTheReport() throws Exception {
        Allure.getLifecycle().updateTestCase(t -> t.setName("report: a cell's CPU breakdown and the matrix summary"
                + " render in headless Chromium"));
        Allure.epic("reports");
        Allure.feature("browser");
        Optional<String> noBrowser = HeadlessChromium.unavailableBecause();
        Assumptions.assumeTrue(noBrowser.isEmpty(), () -> "skipped: " + noBrowser.orElse(""));
        Path allure = Path.of(System.getProperty("quicperf.allure", "target/allure-commandline/bin/allure"));
        Assumptions.assumeTrue(Files.isExecutable(allure), () -> "skipped: no Allure commandline at " + allure
                + " (the build unpacks it in process-test-classes)");
        Path results = Path.of(System.getProperty("allure.results.directory", "target/allure-results"));
        Path work = Path.of(System.getProperty("quicperf.work", "target/quicperf-runs")).resolve("browser-check");
        Path report = generate(allure, results, work);
        AllureCellLinks.rewrite(report);

        List<String> withBreakdown = goodputCasesWithBreakdown(report);
        Assumptions.assumeTrue(!withBreakdown.isEmpty(), "skipped: no goodput cell with a CPU breakdown ran before this"
                + " test (-Dquicperf.scenarios or -Dquicperf.breakdown=false left them out)");
        try (StaticSite site = StaticSite.serve(report); HeadlessChromium browser = HeadlessChromium.launch()) {
            AllureReportPage page = new AllureReportPage(browser, site);
            String cell = withBreakdown.get(0);
            var breakdown = page.open(cell, "CPU breakdown", UI_TIMEOUT);
            Allure.addAttachment("screenshot: " + cell + ", CPU breakdown", "image/png",
                    new java.io.ByteArrayInputStream(browser.screenshotPng()), ".png");
            // A header, seven parts and the total; the stacked bars beside them.
            assertThat(breakdown.tableRows()).as("rows of the CPU breakdown table of " + cell).isGreaterThanOrEqualTo(9);
            assertThat(breakdown.text()).contains("TLS", "sendmsg()", "recvmsg()", "ACK handling", "Total");
            assertThat(breakdown.svgHasArea()).as("the CPU breakdown chart of " + cell + " has a size").isTrue();
            assertThat(breakdown.svgInView()).as("the chart is in view for the screenshot").isTrue();

            var summary = page.open("summary: the whole matrix", AllureCellLinks.SUMMARY_ATTACHMENT, UI_TIMEOUT);
            Allure.addAttachment("screenshot: matrix summary", "image/png",
                    new java.io.ByteArrayInputStream(browser.screenshotPng()), ".png");
            assertThat(summary.text()).contains("goodput (Mbps) on linux by object size");
            assertThat(summary.svgHasArea()).as("the summary's goodput chart has a size").isTrue();
            int linked = browser.evaluate("document.querySelector('iframe.attachment__iframe_fullscreen')"
                    + ".contentDocument.querySelectorAll('a[href*=\"#testresult/\"]').length").asInt();
            assertThat(linked).as("summary values linking to their Allure cells").isGreaterThan(0);
            Attachments.text("what the browser was kept from", String.join("\n", browser.blockedRequests()));
        }
    }

    /** Allure's own generator over a copy of the results: the run is still writing the originals. */
    private static Path generate(Path allure, Path results, Path work) throws IOException, InterruptedException {
        Path copy = work.resolve("results");
        Path report = work.resolve("report");
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(results)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, copy.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Process p = new ProcessBuilder(allure.toString(), "generate", "--clean", "-o", report.toString(), copy.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("allure-generate.log").toFile()).start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor();
            throw new AssertionError("allure generate took over 3 minutes; see " + work.resolve("allure-generate.log"));
        }
        assertThat(p.exitValue()).as("allure generate, log in " + work.resolve("allure-generate.log")).isZero();
        return report;
    }

    /** Goodput cells with a CPU breakdown, those outside the host first: their table has the Change % columns. */
    private static List<String> goodputCasesWithBreakdown(Path report) throws IOException {
        List<JsonNode> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(report.resolve("data/test-cases"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                JsonNode tc = JSON.readTree(f.toFile());
                boolean breakdown = false;
                for (JsonNode a : tc.path("testStage").path("attachments")) {
                    breakdown |= a.path("name").asText().equals("CPU breakdown") && a.path("type").asText().equals("text/html");
                }
                if (breakdown && tc.path("name").asText().startsWith("goodput: ")) {
                    cases.add(tc);
                }
            }
        }
        return cases.stream().sorted(Comparator.comparing((JsonNode tc) -> tc.path("name").asText().contains("on linux,"))
                .thenComparing(tc -> tc.path("name").asText())).map(tc -> tc.path("name").asText()).toList();
    }
}
