package dev.quicperf.suite.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quicperf.suite.SuiteSettings;
import dev.quicperf.suite.goodput.CellJournal;
import io.qameta.allure.Allure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A harness stopped mid-cell (SIGTERM as a CI timeout sends it, SIGINT as Ctrl-C does) ends its
 * server and client, and leaves the runs it finished in a valid cell.json marked partial.
 */
class InterruptTest {

    @ParameterizedTest(name = "SIG{0} mid-cell keeps finished runs, marked partial, and ends every process")
    @ValueSource(strings = {"TERM", "INT"})
    void interruptedHarnessKeepsPartialResultsAndLeavesNothingRunning(String signal) throws Exception {
        Allure.epic("reliability");
        Allure.feature("interrupts");
        Path dir = SuiteSettings.fromSystemProperties().workDir().resolve("interrupt-" + signal);
        Path log = Files.createDirectories(dir).resolve("harness.log");
        Process harness = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), OneCellMain.class.getName(), dir.toString(), "20MB")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Path journal = dir.resolve(CellJournal.FILE);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (runsIn(journal) < 2 && harness.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(runsIn(journal)).as("runs finished before the interrupt; harness log:%n%s",
                    Files.readString(log)).isGreaterThanOrEqualTo(2);
            List<ProcessHandle> tree = harness.descendants().toList();
            new ProcessBuilder("kill", "-" + signal, Long.toString(harness.pid())).start().waitFor();
            assertThat(harness.waitFor(20, TimeUnit.SECONDS)).as("harness exits").isTrue();

            Thread.sleep(500);
            assertThat(tree).as("server and client processes after the interrupt").noneMatch(ProcessHandle::isAlive);
            JsonNode cell = new ObjectMapper().readTree(journal.toFile());
            assertThat(cell.get("partial").asBoolean()).isTrue();
            assertThat(cell.get("runs").size()).isGreaterThanOrEqualTo(2);
            assertThat(cell.get("runs").get(0).get("client").get("bytesVerified").asLong()).isEqualTo(20_000_000L);
            try (var tmp = Files.list(dir)) {
                assertThat(tmp.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
            }
        } finally {
            harness.destroyForcibly();
        }
    }

    private static int runsIn(Path journal) {
        try {
            return new ObjectMapper().readTree(journal.toFile()).get("runs").size();
        } catch (Exception notYet) {
            return 0;
        }
    }
}
