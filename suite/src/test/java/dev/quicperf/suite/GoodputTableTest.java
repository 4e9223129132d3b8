package dev.quicperf.suite;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.quicperf.report.Attachments;
import dev.quicperf.report.HtmlTable;
import dev.quicperf.suite.goodput.ReferenceRows;
import io.qameta.allure.Allure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * After the goodput matrix: per environment, every stack's goodput by object size beside the
 * TCP + TLS and raw-UDP reference rows of the same run ({@code goodput-table-<env>/} holds the
 * HTML and JSON).
 */
// After the goodput matrix, whose finished cells it reads.
@Order(4)
class GoodputTableTest {

    private static final SuiteSettings SETTINGS = SuiteSettings.fromSystemProperties();
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static List<String> environments() {
        return ReferenceRows.environments();
    }

    @ParameterizedTest(name = "goodput table: {0}", allowZeroInvocations = true)
    @MethodSource("environments")
    void stacksBesideTheReferenceRows(String environment) throws Exception {
        Allure.getLifecycle().updateTestCase(test -> test.setName("goodput table: " + environment));
        Allure.epic("summary");
        Allure.feature("goodput table");
        Allure.story(environment);
        Path dir = Files.createDirectories(SETTINGS.workDir().resolve("goodput-table-" + environment));
        HtmlTable table = ReferenceRows.table(environment);
        Files.writeString(dir.resolve("goodput-table.html"), table.render());
        String json = AtomicFile.writeJson(dir.resolve("goodput-table.json"), ReferenceRows.json(environment, JSON));
        Attachments.html("Goodput table", table);
        Attachments.json("goodput-table.json", json);
    }
}
