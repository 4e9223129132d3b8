package dev.quicperf.tcptls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicperf.adapter.ClientOptions;
import dev.quicperf.adapter.ClientReport;
import dev.quicperf.adapter.JvmLaunch;
import dev.quicperf.adapter.PhaseMarks;
import dev.quicperf.adapter.testing.ServerProcess;
import dev.quicperf.adapter.testing.ServerStdout;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our TCP + TLS server and client as the suite runs them: separate JVMs from their Launches, on loopback. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TcpTlsPerfEndToEndTest {

    private static final TcpTlsImplementation TCP_TLS = new TcpTlsImplementation();
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    private static ServerProcess server;

    @BeforeAll
    static void startServer() throws Exception {
        server = ServerProcess.startOnLoopback(TCP_TLS, dir);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server == null) {
            return;
        }
        ServerProcess.Stopped stopped = server.stop();
        assertThat(stopped.wasAlive()).as("server alive until the end (stderr: %s)", server.stderrText()).isTrue();
        assertThat(stopped.endedOnSigterm()).as("server ends on SIGTERM").isTrue();
        // The readiness line and nothing else: TCP has no per-connection packet count.
        assertThat(ServerStdout.statsLines(stopped.stdoutLines(), server.port())).isEmpty();
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(longs = {0, 2_000, 20_000_000})
    void downloadsAndVerifiesEveryByteInsideThePhaseMarks(long bytes) throws Exception {
        // The 20 MB run warms up first, as the suite's clients do; the small ones need not.
        long warmup = bytes >= 20_000_000 ? 2_000_000 : 0;
        ClientProcess run = runClient(new ClientOptions("127.0.0.1", server.port(), bytes, 0, CLIENT_TIMEOUT, warmup));
        ClientReport report = run.report();
        assertThat(run.exitCode()).as("exit (stderr: %s)", run.stderr()).isZero();
        assertThat(report.ok()).as(report.error()).isTrue();
        assertThat(report.implementation()).isEqualTo("tcp-tls");
        assertThat(report.version()).isEqualTo(TCP_TLS.version());
        assertThat(report.bytesRequested()).isEqualTo(bytes);
        assertThat(report.bytesReceived()).isEqualTo(bytes);
        assertThat(report.bytesVerified()).isEqualTo(bytes);
        assertThat(report.handshakeNanos()).isPositive();
        assertThat(report.transferNanos()).isPositive();
        assertThat(report.totalNanos()).isGreaterThanOrEqualTo(report.handshakeNanos() + report.transferNanos());
        assertThat(report.localPort()).isPositive();
        assertThat(report.error()).isNull();
        List<String> lines = run.stderr().lines().toList();
        assertThat(lines.stream().filter(PhaseMarks.BEGIN::equals).count()).as("one begin mark").isEqualTo(1);
        assertThat(lines.stream().filter(PhaseMarks.END::equals).count()).as("one end mark").isEqualTo(1);
        assertThat(lines.indexOf(PhaseMarks.BEGIN)).isLessThan(lines.indexOf(PhaseMarks.END));
        assertThat(run.stderr()).as("the handshake landed on the study's cipher")
                .contains("local port " + report.localPort() + ": TLSv1.3 TLS_AES_128_GCM_SHA256");
        if (warmup > 0) {
            assertThat(run.stderr()).as("the warm-up went first, on a connection of its own").contains("warm-up connection");
            assertThat(run.stderr().indexOf("warm-up connection")).isLessThan(run.stderr().indexOf(PhaseMarks.BEGIN));
        }
    }

    @Test
    void anUploadIsDrainedBeforeTheResponse() throws Exception {
        ClientProcess run = runClient(new ClientOptions("127.0.0.1", server.port(), 2_000_000, 300_000, CLIENT_TIMEOUT));
        ClientReport report = run.report();
        assertThat(report.ok()).as(report.error()).isTrue();
        assertThat(report.bytesUploaded()).isEqualTo(300_000);
        assertThat(report.bytesVerified()).isEqualTo(2_000_000);
    }

    @Test
    void noServerMeansAFailedReportNamingTheConnectAndExitOne() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        ClientProcess run = runClient(new ClientOptions("127.0.0.1", closedPort, 1000, 0, Duration.ofSeconds(5)));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.report().ok()).isFalse();
        assertThat(run.report().error()).contains("Connection refused").contains("during connect and handshake");
    }

    @Test
    void badArgumentsExitTwoNamingTheFlag() throws Exception {
        JvmLaunch launch = (JvmLaunch) TCP_TLS.clientLaunch(new ClientOptions("127.0.0.1", 1, 1, 0, CLIENT_TIMEOUT));
        List<String> argv = new ArrayList<>(ServerProcess.argv(launch.jvmFlags(), launch.classpath(), launch.mainClass(),
                List.of("--host", "127.0.0.1", "--port", "not-a-port")));
        ClientProcess run = ClientProcess.run(argv, Duration.ofSeconds(30), dir);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).contains("--port");
    }

    private static ClientProcess runClient(ClientOptions options) throws Exception {
        return ClientProcess.run((JvmLaunch) TCP_TLS.clientLaunch(options), options.timeout().plusSeconds(20), dir);
    }
}
