package dev.quicperf.quicgo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicperf.adapter.ClientOptions;
import dev.quicperf.adapter.ClientReport;
import dev.quicperf.adapter.ConnectionStatsLine;
import dev.quicperf.adapter.NativeLaunch;
import dev.quicperf.adapter.PerfProtocol;
import dev.quicperf.adapter.PhaseMarks;
import dev.quicperf.adapter.SelfSignedCertificate;
import dev.quicperf.adapter.ServerOptions;
import dev.quicperf.adapter.testing.ServerStdout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The real Go server and client as the suite runs them: processes from their Launches, on loopback. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class QuicGoEndToEndTest {

    private static final QuicGoImplementation QUIC_GO = new QuicGoImplementation();

    @TempDir
    static Path dir;

    private static GoServer server;

    @BeforeAll
    static void startServer() throws Exception {
        if (QUIC_GO.unavailableBecause().isEmpty()) {
            server = GoServer.start(QUIC_GO, dir);
        }
    }

    /** Each test, not the class, is skipped, so a report lists them with the reason. */
    @BeforeEach
    void needsTheGoPrograms() {
        Assumptions.assumeTrue(server != null, () -> QUIC_GO.unavailableBecause().orElse("the server did not start"));
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server == null) {
            return;
        }
        GoServer.Stopped stopped = server.stop();
        assertThat(stopped.endedOnSigterm()).as("server ends on SIGTERM (stderr: %s)", stopped.stderr()).isTrue();
        // On stdout the readiness line, then a packet count for each connection that ended.
        List<ConnectionStatsLine> stats = ServerStdout.statsLines(stopped.stdoutLines(), server.port());
        assertThat(stats).isNotEmpty().allMatch(s -> s.packetsSent() > 0).allMatch(s -> s.peerPort() > 0);
    }

    @Test
    void downloadsAndVerifiesAMegabyteWithAnUploadInsideThePhaseMarks() throws Exception {
        Run run = runClient(new ClientOptions("127.0.0.1", server.port(), 1_000_000, 300_000, Duration.ofSeconds(60)), 0);
        ClientReport report = run.report();
        assertThat(report.ok()).as(report.error()).isTrue();
        assertThat(report.implementation()).isEqualTo("quic-go");
        assertThat(report.version()).isEqualTo(QUIC_GO.version());
        assertThat(report.bytesRequested()).isEqualTo(1_000_000);
        assertThat(report.bytesReceived()).isEqualTo(1_000_000);
        assertThat(report.bytesVerified()).isEqualTo(1_000_000);
        assertThat(report.bytesUploaded()).isEqualTo(300_000);
        assertThat(report.handshakeNanos()).isPositive();
        assertThat(report.transferNanos()).isPositive();
        assertThat(report.totalNanos()).isGreaterThanOrEqualTo(report.handshakeNanos() + report.transferNanos());
        assertThat(report.clientCpuNanos()).isPositive();
        assertThat(report.error()).isNull();
        assertMarksAroundOneDownload(run.stderr());

        Optional<ConnectionStatsLine> stats = server.statsFor(report.localPort());
        assertThat(stats).as("the server's stats line for client port %d", report.localPort()).isPresent();
        // quic-go's packets are at most 1,452 bytes (its path-MTU ceiling), so 1 MB needs at least 689.
        assertThat(stats.get().packetsSent()).isGreaterThanOrEqualTo(1_000_000 / 1452);
    }

    @Test
    void anEmptyResponseIsJustAFin() throws Exception {
        Run run = runClient(new ClientOptions("127.0.0.1", server.port(), 0, 0, Duration.ofSeconds(60)), 0);
        assertThat(run.report().ok()).as(run.report().error()).isTrue();
        assertThat(run.report().bytesReceived()).isZero();
        assertThat(run.report().bytesVerified()).isZero();
        assertMarksAroundOneDownload(run.stderr());
        Optional<ConnectionStatsLine> stats = server.statsFor(run.report().localPort());
        assertThat(stats).isPresent();
        assertThat(stats.get().packetsSent()).isPositive();
    }

    @Test
    void aRequestOverTheLimitIsRejectedWithAResetTheReportNames() throws Exception {
        for (long bytes : new long[] {PerfProtocol.MAX_RESPONSE_BYTES + 1, Long.MAX_VALUE}) {
            Run run = runClient(new ClientOptions("127.0.0.1", server.port(), bytes, 0, Duration.ofSeconds(30)), 1);
            ClientReport report = run.report();
            assertThat(report.ok()).isFalse();
            assertThat(report.bytesReceived()).isZero();
            assertThat(report.error()).contains("reset").contains(PerfProtocol.StreamError.REJECTED.toString());
            assertThat(server.logs("asks for " + bytes + " bytes, over the " + PerfProtocol.MAX_RESPONSE_BYTES
                    + " limit; STOP_SENDING and RESET_STREAM " + PerfProtocol.StreamError.REJECTED)).isTrue();
        }
    }

    @Test
    void noServerMeansATimeoutReportAndExitOne() throws Exception {
        // A port nobody listens on: the handshake never completes.
        ClientReport report = runClient(new ClientOptions("127.0.0.1", 9, 1000, 0, Duration.ofMillis(1500)), 1).report();
        assertThat(report.ok()).isFalse();
        assertThat(report.error()).startsWith("timeout after 1500 ms").contains("handshake");
    }

    @Test
    void warmupDownloadRunsFirstOnItsOwnConnectionOutsideTheMarks() throws Exception {
        Run run = runClient(new ClientOptions("127.0.0.1", server.port(), 500_000, 0, Duration.ofSeconds(60), 1_000_000), 0);
        assertThat(run.report().ok()).as(run.report().error()).isTrue();
        assertThat(run.report().bytesVerified()).as("the report is the timed download's").isEqualTo(500_000);
        assertMarksAroundOneDownload(run.stderr());
        int timedPort = run.report().localPort();
        assertThat(timedPort).isPositive();
        assertThat(server.statsFor(timedPort)).as("the server names the timed connection's client port").isPresent();
        assertThat(run.stderr()).contains("warm-up download of 1000000 bytes");
    }

    @Test
    void badArgumentsExitTwoNamingTheFlag() throws Exception {
        NativeLaunch client = (NativeLaunch) QUIC_GO.clientLaunch(new ClientOptions("127.0.0.1", 1, 1, 0, Duration.ofSeconds(5)));
        GoProgram.Result r = GoProgram.run(client.executable(), List.of("--host", "127.0.0.1", "--port", "not-a-port",
                "--bytes", "1", "--timeout-ms", "1000"), dir, 30_000);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("--port");
        assertThat(r.stdout()).isEmpty();

        r = GoProgram.run(client.executable(), List.of("--host", "127.0.0.1", "--port", "1", "--bytes", "1",
                "--timeout-ms", "1000", "--verbose", "yes"), dir, 30_000);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("unknown argument '--verbose'");
    }

    @Test
    void theServerRefusesAnIoModeItDoesNotHave() throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.create(java.nio.file.Files.createDirectories(dir.resolve("io")));
        NativeLaunch launch = (NativeLaunch) QUIC_GO.serverLaunch(new ServerOptions("127.0.0.1", 0, cert.certificate(),
                cert.privateKey(), Optional.of(dev.quicperf.adapter.IoMode.EPOLL)));
        assertThat(launch.args()).containsSequence("--io", "epoll");
        GoProgram.Result r = GoProgram.run(launch.executable(), launch.args(), dir, 30_000);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("--io epoll").contains("nio");
        assertThat(r.stdout()).as("no readiness line").isEmpty();
    }

    private static void assertMarksAroundOneDownload(String stderr) {
        List<String> lines = stderr.lines().toList();
        assertThat(lines.stream().filter(PhaseMarks.BEGIN::equals).count()).as("one begin mark in %s", stderr).isEqualTo(1);
        assertThat(lines.stream().filter(PhaseMarks.END::equals).count()).as("one end mark in %s", stderr).isEqualTo(1);
        assertThat(lines.indexOf(PhaseMarks.BEGIN)).isLessThan(lines.indexOf(PhaseMarks.END));
    }

    private record Run(ClientReport report, String stderr) {
    }

    private static Run runClient(ClientOptions options, int expectedExit) throws Exception {
        NativeLaunch launch = (NativeLaunch) QUIC_GO.clientLaunch(options);
        assertThat(launch.args()).isEqualTo(options.toArgs());
        GoProgram.Result r = GoProgram.run(launch.executable(), launch.args(), dir, options.timeout().toMillis() + 30_000);
        assertThat(r.exitCode()).as("client exit (stderr: %s)", r.stderr()).isEqualTo(expectedExit);
        assertThat(r.stdout().lines().count()).as("stdout is exactly one line: %s", r.stdout()).isEqualTo(1);
        return new Run(ClientReport.parse(r.stdout()), r.stderr());
    }
}
