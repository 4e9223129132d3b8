package dev.quicperf.report.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The summary site and its Allure links, from cell files shaped as the suite writes them. */
class SummarySiteTest {

    @TempDir
    Path dir;

    private void cell(String slug, String json) throws Exception {
        Files.writeString(Files.createDirectories(dir.resolve("runs").resolve(slug)).resolve("cell.json"), json);
    }

    private void goodput(String impl, String io, String env, String size, long bytes, double mean, boolean clientBound)
            throws Exception {
        cell("goodput-" + impl + "-" + io + "-" + env + "-" + size, """
                {"schema": "quicperf.goodput-cell/1", "partial": false, "scenario": "goodput", "implementation": "%s",
                 "io": "%s", "defaultIo": "true", "environment": "%s", "size": "%s", "sizeBytes": %d,
                 "profile": "smoke", "clientBound": %s,
                 "goodputMbps": {"mean": %s, "ci95HalfWidth": 10.0, "n": 5},
                 "budgets": [{"status": "PASS", "message": "budget goodput met"}]}
                """.formatted(impl, io, env, size, bytes, clientBound, mean));
    }

    @Test
    void theIndexSetsImplementationsAgainstEnvironmentsAndLinksEveryValue() throws Exception {
        goodput("kwik", "nio", "linux", "2MB", 2_000_000, 118, true);
        goodput("kwik", "nio", "linux", "20MB", 20_000_000, 181, true);
        goodput("kwik", "nio", "container", "20MB", 20_000_000, 175, false);
        cell("rps-kwik-nio-linux", """
                {"schema": "quicperf.load-cell/1", "partial": true, "scenario": "rps", "implementation": "kwik",
                 "io": "nio", "defaultIo": "true", "environment": "linux", "profile": "smoke",
                 "perSecond": {"mean": 1380.0, "ci95HalfWidth": null, "n": 1},
                 "latency": {"connect": {"cdf": [[1.0, 0.5], [2.0, 1.0]]}}}
                """);
        cell("not-a-cell", "{\"schema\": \"quicperf.environments/1\"}");
        // A reliability test's own cell beside the matrix: not part of the matrix.
        cell("fault-serverKilledMidTransfer", "{\"schema\": \"quicperf.goodput-cell/1\", \"scenario\": \"goodput\","
                + " \"implementation\": \"faulty\", \"io\": \"nio\", \"environment\": \"linux\", \"size\": \"2GB\"}");

        MatrixSummary s = MatrixSummary.writeSite(dir.resolve("runs"), dir.resolve("site"), Map.of("cpu.model", "x"));
        String index = Files.readString(dir.resolve("site/index.html"));
        assertThat(s.cells()).hasSize(4);
        assertThat(index).contains("goodput (Mbps), 20MB, by environment", "<th>container</th>",
                "href=\"cells/goodput-kwik-nio-container-20MB.html\">175.0 ± 10.0</a>",
                "181.0 ± 10.0 (client-bound)", "1380.0 (partial)", "<svg");
        assertThat(dir.resolve("site/cells/rps-kwik-nio-linux.html")).isRegularFile();
        assertThat(dir.resolve("site/cells/rps-kwik-nio-linux/cell.json")).isRegularFile();
        assertThat(Files.readString(dir.resolve("site/summary.json"))).contains("\"cell\" : \"goodput-kwik-nio-linux-2MB\"");
    }

    @Test
    void allureLinksPointAtEachCellsResult() throws Exception {
        Path report = dir.resolve("report");
        Files.createDirectories(report.resolve("data/test-cases"));
        Files.createDirectories(report.resolve("data/attachments"));
        Files.writeString(report.resolve("data/test-cases/aaa.json"), """
                {"uid": "aaa", "labels": [{"name": "quicperf.cell", "value": "rps-kwik-nio-linux"}]}
                """);
        Files.writeString(report.resolve("data/test-cases/bbb.json"), """
                {"uid": "bbb", "testStage": {"attachments": [{"name": "matrix summary", "source": "s.html"}]}}
                """);
        Files.writeString(report.resolve("data/attachments/s.html"),
                "<a href=\"cells/rps-kwik-nio-linux.html\">1</a><a href=\"cells/gone.html\">2</a>");
        assertThat(AllureCellLinks.rewrite(report)).isEqualTo(1);
        assertThat(Files.readString(report.resolve("data/attachments/s.html")))
                .contains("href=\"../../index.html#testresult/aaa\" target=\"_top\"", "href=\"cells/gone.html\"");
        assertThatThrownBy(() -> AllureCellLinks.rewrite(dir.resolve("runs")))
                .hasMessageContaining("not a generated Allure report");
    }
}
