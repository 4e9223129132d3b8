package dev.quicperf.kwik;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicperf.adapter.JvmLaunch;
import dev.quicperf.adapter.testing.ServerStdout;
import dev.quicperf.adapter.SelfSignedCertificate;
import dev.quicperf.adapter.ServerOptions;
import dev.quicperf.adapter.load.LatencyHistograms;
import dev.quicperf.adapter.load.LoadOptions;
import dev.quicperf.adapter.load.LoadReport;
import dev.quicperf.adapter.load.LoadScenario;
import dev.quicperf.adapter.testing.ServerProcess;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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

/**
 * Our kwik load client as the suite runs it: a JVM of its own from its Launch, against our kwik
 * server (another JVM) on loopback, with small numbers so the class stays well under a minute.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class KwikLoadClientTest {

    private static final KwikImplementation KWIK = new KwikImplementation();
    private static final int CONNECTIONS = 4;
    private static final long REQUESTS = 200;
    private static final long WARMUP = 20;
    private static final long BYTES = 1000;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;

    private static ServerProcess server;

    @BeforeAll
    static void startServer() throws Exception {
        server = ServerProcess.startOnLoopback(KWIK, dir);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            ServerProcess.Stopped stopped = server.stop();
            assertThat(stopped.wasAlive()).as("server survived the load (stderr: %s)", server.stderrText()).isTrue();
            assertThat(ServerStdout.statsLines(stopped.stdoutLines(), server.port())).isNotEmpty()
                    .allMatch(s -> s.packetsSent() > 0);
        }
    }

    @Test
    void rpsReusesItsConnectionsAndVerifiesEveryResponse() throws Exception {
        LoadReport report = run(options(LoadScenario.RPS, server.port(), TIMEOUT), 0);

        assertCompleted(report, LoadScenario.RPS);
        assertThat(report.bytesVerified()).isEqualTo(REQUESTS * BYTES);
        // Connections are opened once, before the timed phase; each is one handshake.
        assertThat(LatencyHistograms.decode(report.connectHistogram()).getTotalCount()).isEqualTo(CONNECTIONS);
        assertThat(LatencyHistograms.decode(report.requestHistogram()).getTotalCount()).isEqualTo(REQUESTS);
    }

    @Test
    void responseTimeOpensAConnectionPerRequest() throws Exception {
        LoadReport report = run(options(LoadScenario.RESPONSE_TIME, server.port(), TIMEOUT), 0);

        assertCompleted(report, LoadScenario.RESPONSE_TIME);
        assertThat(report.bytesVerified()).isEqualTo(REQUESTS * BYTES);
        assertThat(LatencyHistograms.decode(report.connectHistogram()).getTotalCount()).isEqualTo(REQUESTS);
        assertThat(LatencyHistograms.decode(report.requestHistogram()).getTotalCount()).isEqualTo(REQUESTS);
        // A request's time includes its handshake.
        assertThat(LatencyHistograms.decode(report.requestHistogram()).getMinValue())
                .isGreaterThanOrEqualTo(LatencyHistograms.decode(report.connectHistogram()).getMinValue());
    }

    @Test
    void handshakesOnlyConnect() throws Exception {
        LoadReport report = run(options(LoadScenario.HANDSHAKES, server.port(), TIMEOUT), 0);

        assertCompleted(report, LoadScenario.HANDSHAKES);
        assertThat(report.bytesVerified()).isZero();
        assertThat(LatencyHistograms.decode(report.connectHistogram()).getTotalCount()).isEqualTo(REQUESTS);
        assertThat(LatencyHistograms.decode(report.requestHistogram()).getTotalCount()).isZero();
    }

    @Test
    void noServerFailsFastNamingTheConnect() throws Exception {
        Duration timeout = Duration.ofSeconds(3);
        long start = System.nanoTime();
        LoadReport report = run(options(LoadScenario.RPS, unusedUdpPort(), timeout), 1);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(report.ok()).isFalse();
        assertThat(report.completed()).isZero();
        assertThat(report.error()).contains("connection").contains("127.0.0.1").contains("nothing listens");
        assertThat(report.errors()).isNotEmpty();
        // JVM start included; the connect fails at the first ICMP "port unreachable", and the client
        // must not hang on kwik's threads after its report.
        assertThat(tookMillis).isLessThan(timeout.toMillis() + 10_000);
    }

    @Test
    void badArgumentsExitTwo() throws Exception {
        JvmLaunch launch = (JvmLaunch) KWIK.loadClientLaunch(options(LoadScenario.RPS, 4433, TIMEOUT));
        List<String> args = new ArrayList<>(launch.args());
        args.set(args.indexOf("--scenario") + 1, "throughput");
        Process p = new ProcessBuilder(ServerProcess.argv(launch.jvmFlags(), launch.classpath(), launch.mainClass(), args))
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(output).contains("--scenario").contains("throughput");
    }

    private static void assertCompleted(LoadReport report, LoadScenario scenario) {
        assertThat(report.ok()).as("ok (error: %s)", report.error()).isTrue();
        assertThat(report.error()).isNull();
        assertThat(report.scenario()).isEqualTo(scenario.id);
        assertThat(report.implementation()).isEqualTo("kwik");
        assertThat(report.version()).isEqualTo(KWIK.version());
        assertThat(report.connections()).isEqualTo(CONNECTIONS);
        assertThat(report.requested()).isEqualTo(REQUESTS);
        assertThat(report.warmupCompleted()).isEqualTo(WARMUP);
        assertThat(report.completed()).isEqualTo(REQUESTS);
        assertThat(report.failed()).isZero();
        assertThat(report.errors()).isEmpty();
        assertThat(report.durationNanos()).isPositive();
        assertThat(report.clientCpuNanos()).isPositive();
        assertThat(report.cpus()).isPositive();
    }

    private static LoadOptions options(LoadScenario scenario, int port, Duration timeout) {
        return new LoadOptions(scenario, "127.0.0.1", port, CONNECTIONS, REQUESTS, WARMUP, BYTES, 2, timeout);
    }

    /** Runs the load client from its Launch; its stdout must be exactly one report line. */
    private static LoadReport run(LoadOptions options, int expectedExit) throws Exception {
        JvmLaunch launch = (JvmLaunch) KWIK.loadClientLaunch(options);
        Path stdout = Files.createTempFile(dir, "load", ".json");
        Path stderr = Files.createTempFile(dir, "load", ".err");
        Process p = new ProcessBuilder(ServerProcess.argv(launch.jvmFlags(), launch.classpath(), launch.mainClass(),
                launch.args())).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        boolean ended = p.waitFor(options.timeout().toMillis() + 20_000, TimeUnit.MILLISECONDS);
        if (!ended) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        assertThat(ended).as("load client ended (stderr: %s)", ServerProcess.read(stderr)).isTrue();
        String out = Files.readString(stdout);
        assertThat(p.exitValue()).as("load client exit (stdout: %s; stderr: %s)", out, ServerProcess.read(stderr))
                .isEqualTo(expectedExit);
        assertThat(out.lines().count()).as("stdout is exactly one line: %s", out).isEqualTo(1);
        return LoadReport.parse(out);
    }

    /** A UDP port nothing listens on: bound for a moment, then released. */
    private static int unusedUdpPort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
