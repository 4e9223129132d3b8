package dev.quicperf.external;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicperf.adapter.ClientOptions;
import dev.quicperf.adapter.ClientReport;
import dev.quicperf.adapter.JvmLaunch;
import dev.quicperf.adapter.Launch;
import dev.quicperf.adapter.NativeLaunch;
import dev.quicperf.adapter.PhaseMarks;
import dev.quicperf.adapter.Readiness;
import dev.quicperf.adapter.SelfSignedCertificate;
import dev.quicperf.adapter.ServerOptions;
import dev.quicperf.adapter.testing.ServerProcess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped ngtcp2 descriptor against Debian's real binaries: the server, the wrapped client, the report. */
class Ngtcp2EndToEndTest {

    private static final ExternalImplementation NGTCP2 = ExternalStacks.shipped().get(0);

    @TempDir
    Path dir;
    private Process server;
    private int port;

    @BeforeEach
    void startServer() throws Exception {
        Assumptions.assumeTrue(NGTCP2.unavailableBecause().isEmpty(), () -> NGTCP2.unavailableBecause().orElse(""));
        SelfSignedCertificate cert = SelfSignedCertificate.create(dir);
        Launch launch = NGTCP2.serverLaunch(new ServerOptions("127.0.0.1", 0, cert.certificate(), cert.privateKey()));
        Readiness readiness = NGTCP2.readiness(launch);
        NativeLaunch n = (NativeLaunch) launch;
        List<String> argv = new ArrayList<>(List.of(n.executable().toString()));
        argv.addAll(n.args());
        server = new ProcessBuilder(argv).redirectOutput(dir.resolve("server.out").toFile()).start();
        try (BufferedReader err = new BufferedReader(new InputStreamReader(server.getErrorStream(), StandardCharsets.UTF_8))) {
            String line = err.readLine();
            assertThat(line).as("the server's first stderr line").isNotNull();
            assertThat(readiness.port(line)).isPresent();
            port = readiness.port(line).getAsInt();
        }
    }

    @AfterEach
    void stopServer() throws Exception {
        if (server != null) {
            server.destroy();
            if (!server.waitFor(5, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    @Test
    void aDownloadIsTimedBetweenThePhaseMarksAndEveryByteIsChecked() throws Exception {
        Run run = client(2_000_000, Duration.ofSeconds(20));
        assertThat(run.report.ok()).as("report %s, stderr %s", run.report, run.stderr).isTrue();
        assertThat(run.report.implementation()).isEqualTo("ngtcp2");
        assertThat(run.report.version()).matches("\\d.*");
        assertThat(run.report.bytesVerified()).isEqualTo(2_000_000);
        assertThat(run.report.transferNanos()).isPositive();
        assertThat(run.report.clientCpuNanos()).isPositive();
        assertThat(run.stderr).contains(PhaseMarks.BEGIN, PhaseMarks.END);
        assertThat(run.exit).isZero();
    }

    @Test
    void aResponseLargerThanTheServerWillGenerateFailsTheRunWithTheReason() throws Exception {
        // 5 GB is above the descriptor's --max-dyn-length: the server answers 404 with a short error page.
        Run run = client(5_000_000_000L, Duration.ofSeconds(20));
        assertThat(run.report.ok()).isFalse();
        assertThat(run.report.error()).containsAnyOf("the client saved", "saved no 5000000000", "exited with code");
        assertThat(run.exit).isNotZero();
    }

    @Test
    void aServerThatIsNotThereTimesOutWithTheClientNamed() throws Exception {
        server.destroy();
        server.waitFor(5, TimeUnit.SECONDS);
        Run run = client(1000, Duration.ofSeconds(2));
        assertThat(run.report.ok()).isFalse();
        assertThat(run.report.error()).contains("gtlsclient");
    }

    private record Run(ClientReport report, String stderr, int exit) {
    }

    private Run client(long bytes, Duration timeout) throws Exception {
        JvmLaunch c = (JvmLaunch) NGTCP2.clientLaunch(new ClientOptions("127.0.0.1", port, bytes, 0, timeout));
        Path err = dir.resolve("client.err");
        Process p = new ProcessBuilder(ServerProcess.argv(c.jvmFlags(), c.classpath(), c.mainClass(), c.args()))
                .redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(timeout.toSeconds() + 20, TimeUnit.SECONDS)).isTrue();
        return new Run(ClientReport.parse(out), Files.readString(err), p.exitValue());
    }
}
