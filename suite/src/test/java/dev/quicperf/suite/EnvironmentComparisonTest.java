package dev.quicperf.suite;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.quicperf.report.Attachments;
import dev.quicperf.report.HtmlTable;
import dev.quicperf.suite.goodput.EnvironmentComparison;
import io.qameta.allure.Allure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * After the goodput matrix: one report entry per implementation, I/O mode and size that ran on
 * the host and in at least one other environment, with the table setting them side by side
 * ({@code environments.html} and {@code environments.json} in its directory).
 */
// After the goodput matrix, whose finished cells it reads.
@Order(4)
class EnvironmentComparisonTest {

    private static final SuiteSettings SETTINGS = SuiteSettings.fromSystemProperties();
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static List<EnvironmentComparison.Group> groups() {
        return EnvironmentComparison.comparable();
    }

    @ParameterizedTest(name = "environments: {0}", allowZeroInvocations = true)
    @MethodSource("groups")
    void environmentsSideBySide(EnvironmentComparison.Group group) throws Exception {
        Allure.getLifecycle().updateTestCase(test -> test.setName("environments: " + group.title()));
        Allure.epic("environments");
        Allure.feature(group.implementation());
        Allure.story(group.ioMode());
        Allure.parameter("size", ByteSize.format(group.size()));
        Path dir = Files.createDirectories(SETTINGS.workDir().resolve(group.slug()));
        HtmlTable table = EnvironmentComparison.table(group);
        Files.writeString(dir.resolve("environments.html"), table.render());
        String json = AtomicFile.writeJson(dir.resolve("environments.json"), EnvironmentComparison.json(group, JSON));
        Attachments.html("Environments compared", table);
        Attachments.json("environments.json", json);
    }
}
