package dev.quicperf.suite.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicperf.environment.LinuxHostEnvironment;
import dev.quicperf.external.ExternalImplementation;
import dev.quicperf.external.ExternalStacks;
import dev.quicperf.report.Attachments;
import dev.quicperf.suite.Profile;
import dev.quicperf.suite.SuiteSettings;
import dev.quicperf.suite.goodput.CellJournal;
import dev.quicperf.suite.goodput.GoodputCell;
import dev.quicperf.suite.goodput.GoodputResult;
import dev.quicperf.suite.goodput.GoodputRunner;
import io.qameta.allure.Allure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stack added through YAML alone, the way a user adds one (a file in the directory named by
 * -Dquicperf.stacks): ngtcp2's binaries under another id with another congestion controller,
 * which then runs a goodput cell like any built-in stack.
 */
class YamlStackTest {

    private static final String DESCRIPTOR = """
            # ngtcp2 with BBR instead of cubic: a stack nobody wrote Java for.
            id: ngtcp2-bbr
            install: "apt-get install ngtcp2-server ngtcp2-client"
            version: { command: [dpkg-query, --show, ngtcp2-client], regex: 'ngtcp2-client\\s+(\\S+)' }
            protocols: [h3]
            server:
              executable: gtlsserver
              argv: [--quiet, --cc=bbr, --max-dyn-length=100M, '${host}', '${port}', '${key}', '${cert}']
              port: given
              ready: { stream: stderr, line: '^Using document root ' }
            client:
              executable: gtlsclient
              argv: [--quiet, --cc=bbr, --exit-on-all-streams-close, '--download=${downloads}', '${host}', '${port}',
                     'https://${host}:${port}/${bytes}']
              report: { download: '${bytes}', content: zeros }
            cpu: |
              tls gnutls|nettle|ngtcp2_crypto_
              ack ngtcp2_acktr|ngtcp2_rtb|ngtcp2_cc_
            """;

    @TempDir
    Path stacks;

    @Test
    void aStackDeclaredInYamlAloneRunsAGoodputCell() throws Exception {
        Allure.epic("stacks");
        Allure.feature("declared in YAML");
        Files.writeString(stacks.resolve("ngtcp2-bbr.yaml"), DESCRIPTOR);
        List<ExternalImplementation> declared = ExternalStacks.fromDirectory(stacks);
        assertThat(declared).extracting(ExternalImplementation::id).containsExactly("ngtcp2-bbr");
        ExternalImplementation stack = declared.get(0);
        Assumptions.assumeTrue(stack.unavailableBecause().isEmpty(), () -> stack.unavailableBecause().orElse(""));

        Profile profile = Profile.named("smoke").withProfiledRuns(1).withGoodputRuns(1, 3);
        GoodputCell cell = new GoodputCell(stack, LinuxHostEnvironment.pinnedDefault(), 2_000_000);
        Path cellDir = SuiteSettings.fromSystemProperties().workDir().resolve("yaml-stack").resolve(cell.slug());
        GoodputResult result = new GoodputRunner(profile).run(cell, cellDir);
        Attachments.file("cell.json", cellDir.resolve(CellJournal.FILE));

        assertThat(result.broken()).as("broken because").isEmpty();
        assertThat(result.measured()).hasSize(3).allSatisfy(r -> {
            assertThat(r.report().bytesVerified()).isEqualTo(2_000_000);
            assertThat(r.report().implementation()).isEqualTo("ngtcp2-bbr");
            assertThat(r.serverCpu().totalNanos()).isPositive();
        });
        assertThat(result.goodput()).hasValueSatisfying(g -> assertThat(g.mean()).isPositive());
        // Profiled with Linux perf; its shares are classified by the descriptor's own rules.
        assertThat(result.breakdown().breakdown()).as("breakdown, missing because %s",
                result.breakdown().missingBecause()).isPresent();
        assertThat(Files.readString(cellDir.resolve(CellJournal.FILE))).contains("\"implementation\" : \"ngtcp2-bbr\"");
    }
}
