package dev.quicperf.suite;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.quicperf.report.Attachments;
import dev.quicperf.report.HtmlTable;
import dev.quicperf.suite.goodput.IoModeComparison;
import io.qameta.allure.Allure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * After the goodput and load matrices: one report entry per implementation, environment and size
 * that ran in more than one I/O mode (with the rps cells' requests/s of the same modes), with the table comparing each mode to nio ({@code io-modes.html}
 * and {@code io-modes.json} in its directory). The budgets on those gains are judged in the
 * goodput cells themselves ({@code cpu_per_packet_vs_nio}).
 */
// Right after the goodput and load matrices, whose finished cells it reads.
@Order(3)
class IoModeComparisonTest {

    private static final SuiteSettings SETTINGS = SuiteSettings.fromSystemProperties();
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static List<IoModeComparison.Group> groups() {
        return IoModeComparison.comparable();
    }

    @ParameterizedTest(name = "io modes: {0}", allowZeroInvocations = true)
    @MethodSource("groups")
    void ioModesSideBySide(IoModeComparison.Group group) throws Exception {
        Allure.getLifecycle().updateTestCase(test -> test.setName("io modes: " + group.title()));
        Allure.epic("io-modes");
        Allure.feature(group.implementation());
        Allure.story(group.environment());
        Allure.parameter("size", ByteSize.format(group.size()));
        Path dir = Files.createDirectories(SETTINGS.workDir().resolve(group.slug()));
        HtmlTable table = IoModeComparison.table(group);
        Files.writeString(dir.resolve("io-modes.html"), table.render());
        String json = AtomicFile.writeJson(dir.resolve("io-modes.json"), IoModeComparison.json(group, JSON));
        Attachments.html("I/O modes compared", table);
        Attachments.json("io-modes.json", json);
    }
}
