package dev.quicperf.nettyquic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicperf.adapter.JvmLaunch;
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
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The load client as the suite runs it: its own JVM from its launch, against our server's JVM, on loopback. */
class NettyQuicLoadClientTest {

    private static final NettyQuicImplementation IMPL = new NettyQuicImplementation();
    private static final int CONNECTIONS = 4;
    private static final long REQUESTS = 300;
    private static final long WARMUP = 30;

    @TempDir
    static Path dir;

    private static ServerProcess server;

    @BeforeAll
    static void startServer() throws Exception {
        server = ServerProcess.startOnLoopback(IMPL, dir);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            assertThat(server.stop().wasAlive()).as("server stderr: %s", server.stderrText()).isTrue();
        }
    }

    @Test
    void rpsKeepsItsConnectionsAndVerifiesEveryResponse() throws Exception {
        Result r = run(options(LoadScenario.RPS, server.port(), 2048, Duration.ofSeconds(30)));
        assertSucceeded(r, 2048);
        assertThat(connects(r).getTotalCount()).as("each persistent connection's handshake").isEqualTo(CONNECTIONS);
        assertThat(requests(r).getTotalCount()).isEqualTo(REQUESTS);
    }

    @Test
    void responseTimeOpensAConnectionPerRequest() throws Exception {
        Result r = run(options(LoadScenario.RESPONSE_TIME, server.port(), 1000, Duration.ofSeconds(30)));
        assertSucceeded(r, 1000);
        assertThat(connects(r).getTotalCount()).isEqualTo(REQUESTS);
        assertThat(requests(r).getTotalCount()).isEqualTo(REQUESTS);
        // A request's time includes its connection's handshake.
        assertThat(requests(r).getMinValue()).isGreaterThanOrEqualTo(connects(r).getMinValue());
    }

    @Test
    void handshakesOnlyConnects() throws Exception {
        Result r = run(options(LoadScenario.HANDSHAKES, server.port(), 0, Duration.ofSeconds(30)));
        assertSucceeded(r, 0);
        assertThat(connects(r).getTotalCount()).isEqualTo(REQUESTS);
        assertThat(requests(r).getTotalCount()).as("no requests, only handshakes").isZero();
    }

    @Test
    void namesTheHandshakeWhenNobodyAnswers() throws Exception {
        int deadPort;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort();
        }
        Result r = run(options(LoadScenario.RPS, deadPort, 100, Duration.ofSeconds(3)));
        assertThat(r.exit).as(r.stderr).isEqualTo(1);
        assertThat(r.report.ok()).isFalse();
        assertThat(r.report.completed()).isZero();
        assertThat(r.report.error())
                .startsWith("timeout after 3000 ms while connecting: 4 of 4 handshakes with 127.0.0.1:" + deadPort
                        + " not complete");
        // The 3 s run is long enough for the once-a-second progress line.
        assertThat(r.stderr).contains("QUICPERF PROGRESS phase=warmup done=0");
    }

    @Test
    void badArgumentsExitWithTwo() throws Exception {
        JvmLaunch launch = (JvmLaunch) IMPL.loadClientLaunch(options(LoadScenario.RPS, 1, 1, Duration.ofSeconds(1)));
        List<String> args = new ArrayList<>(launch.args());
        args.set(args.indexOf("rps"), "bulk");
        Process p = new ProcessBuilder(
                ServerProcess.argv(launch.jvmFlags(), launch.classpath(), launch.mainClass(), args)).start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(stdout).isEmpty();
        assertThat(stderr).contains("--scenario", "bulk");
    }

    private static LoadOptions options(LoadScenario scenario, int port, long bytes, Duration timeout) {
        return new LoadOptions(scenario, "127.0.0.1", port, CONNECTIONS, REQUESTS, WARMUP, bytes, 2, timeout);
    }

    private static void assertSucceeded(Result r, long bytes) {
        LoadReport report = r.report;
        assertThat(r.exit).as("exit status; stderr: %s", r.stderr).isZero();
        assertThat(report.ok()).as(report.error()).isTrue();
        assertThat(report.error()).isNull();
        assertThat(report.errors()).isEmpty();
        assertThat(report.schema()).isEqualTo(LoadReport.SCHEMA);
        assertThat(report.implementation()).isEqualTo("netty-quic");
        assertThat(report.version()).isEqualTo(IMPL.version());
        assertThat(report.connections()).isEqualTo(CONNECTIONS);
        assertThat(report.requested()).isEqualTo(REQUESTS);
        assertThat(report.warmupCompleted()).isEqualTo(WARMUP);
        assertThat(report.completed()).isEqualTo(REQUESTS);
        assertThat(report.failed()).isZero();
        assertThat(report.bytesVerified()).isEqualTo(REQUESTS * bytes);
        assertThat(report.durationNanos()).isPositive();
        assertThat(report.clientCpuNanos()).isPositive();
        assertThat(report.cpus()).isPositive();
    }

    private static Histogram connects(Result r) {
        return LatencyHistograms.decode(r.report.connectHistogram());
    }

    private static Histogram requests(Result r) {
        return LatencyHistograms.decode(r.report.requestHistogram());
    }

    private record Result(int exit, LoadReport report, String stderr) {
    }

    private static Result run(LoadOptions options) throws Exception {
        JvmLaunch launch = (JvmLaunch) IMPL.loadClientLaunch(options);
        assertThat(launch.mainClass()).isEqualTo(NettyQuicLoadClient.class.getName());
        assertThat(launch.args()).isEqualTo(options.toArgs());
        Path err = Files.createTempFile(dir, "load-client", ".err");
        Process client = new ProcessBuilder(
                ServerProcess.argv(launch.jvmFlags(), launch.classpath(), launch.mainClass(), launch.args()))
                .redirectError(err.toFile()).start();
        String stdout = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(client.waitFor(options.timeout().toMillis() + 20_000, TimeUnit.MILLISECONDS)).isTrue();
        String stderr = Files.readString(err);
        assertThat(stdout.lines().count()).as("one line on stdout: %s; stderr: %s", stdout, stderr).isEqualTo(1);
        return new Result(client.exitValue(), LoadReport.parse(stdout), stderr);
    }
}
