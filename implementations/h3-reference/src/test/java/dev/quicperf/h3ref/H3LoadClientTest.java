package dev.quicperf.h3ref;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicperf.adapter.load.LatencyHistograms;
import dev.quicperf.adapter.load.LoadOptions;
import dev.quicperf.adapter.load.LoadRecorder;
import dev.quicperf.adapter.load.LoadReport;
import dev.quicperf.adapter.load.LoadScenario;
import java.nio.file.Path;
import java.time.Duration;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The load client as the suite runs it, in its own JVM, against a real ngtcp2 server on loopback. */
class H3LoadClientTest {

    private static final int CONNECTIONS = 4;
    private static final long REQUESTS = 200;
    private static final long WARMUP = 20;

    @TempDir
    static Path dir;

    private static GtlsServer server;

    @BeforeAll
    static void startServer() throws Exception {
        if (GtlsServer.unavailableBecause().isEmpty()) {
            server = GtlsServer.start(dir);
        }
    }

    /** Each test, not the class, is skipped with the reason, so every one shows up as skipped. */
    @BeforeEach
    void needsTheServer() {
        Assumptions.assumeTrue(server != null, () -> GtlsServer.unavailableBecause().orElse("no server"));
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            boolean alive = server.isAlive();
            server.close();
            assertThat(alive).as("gtlsserver ran to the end; stderr: %s", server.stderrText()).isTrue();
        }
    }

    @Test
    void rpsKeepsItsConnectionsAndChecksEveryResponse() throws Exception {
        Result r = run(options(LoadScenario.RPS, server.port(), 2048, Duration.ofSeconds(30)));
        assertSucceeded(r, 2048);
        assertThat(connects(r).getTotalCount()).as("each persistent connection's handshake").isEqualTo(CONNECTIONS);
        assertThat(requests(r).getTotalCount()).isEqualTo(REQUESTS);
        assertThat(requests(r).getMinValue()).isPositive();
    }

    @Test
    void responseTimeOpensAConnectionPerRequest() throws Exception {
        Result r = run(options(LoadScenario.RESPONSE_TIME, server.port(), 1, Duration.ofSeconds(30)));
        assertSucceeded(r, 1);
        assertThat(connects(r).getTotalCount()).isEqualTo(REQUESTS);
        assertThat(requests(r).getTotalCount()).isEqualTo(REQUESTS);
        assertThat(connects(r).getMinValue()).isPositive();
        // A request's time includes its connection's handshake.
        assertThat(requests(r).getMinValue()).isGreaterThanOrEqualTo(connects(r).getMinValue());
    }

    @Test
    void handshakesOnlyConnects() throws Exception {
        Result r = run(options(LoadScenario.HANDSHAKES, server.port(), 0, Duration.ofSeconds(30)));
        assertSucceeded(r, 0);
        assertThat(connects(r).getTotalCount()).isEqualTo(REQUESTS);
        assertThat(connects(r).getMinValue()).isPositive();
        assertThat(requests(r).getTotalCount()).as("no requests, only handshakes").isZero();
    }

    @Test
    void namesTheHandshakesWhenNobodyAnswers() throws Exception {
        int deadPort = GtlsServer.freeUdpPort();
        Result r = run(options(LoadScenario.RPS, deadPort, 100, Duration.ofSeconds(2)));
        assertThat(r.run.exit()).as(r.run.stderr()).isEqualTo(1);
        assertThat(r.report.ok()).isFalse();
        assertThat(r.report.completed()).isZero();
        assertThat(r.report.error()).startsWith("timeout after 2000 ms while connecting: 4 of 4 handshakes with 127.0.0.1:"
                + deadPort + " not complete");
        assertThat(r.run.wall()).isLessThan(Duration.ofSeconds(15));
    }

    private static LoadOptions options(LoadScenario scenario, int port, long bytes, Duration timeout) {
        return new LoadOptions(scenario, "127.0.0.1", port, CONNECTIONS, REQUESTS, WARMUP, bytes, 2, timeout);
    }

    private record Result(ClientProcess run, LoadReport report) {
    }

    private static Result run(LoadOptions options) throws Exception {
        var launch = H3Reference.loadClientLaunch(options);
        assertThat(launch.args()).isEqualTo(options.toArgs());
        ClientProcess run = ClientProcess.run(launch, options.timeout().plusSeconds(20), dir);
        return new Result(run, LoadReport.parse(run.reportLine()));
    }

    private static void assertSucceeded(Result r, long bytes) {
        LoadReport report = r.report;
        assertThat(r.run.exit()).as("exit status; stderr: %s", r.run.stderr()).isZero();
        assertThat(report.ok()).as(report.error()).isTrue();
        assertThat(report.errors()).isEmpty();
        assertThat(report.schema()).isEqualTo(LoadReport.SCHEMA);
        assertThat(report.implementation()).isEqualTo(H3Reference.ID);
        assertThat(report.version()).isEqualTo(H3Reference.version());
        assertThat(report.connections()).isEqualTo(CONNECTIONS);
        assertThat(report.requested()).isEqualTo(REQUESTS);
        assertThat(report.warmupCompleted()).isEqualTo(WARMUP);
        assertThat(report.completed()).isEqualTo(REQUESTS);
        assertThat(report.failed()).isZero();
        assertThat(report.bytesVerified()).as("length-checked bytes").isEqualTo(REQUESTS * bytes);
        assertThat(report.durationNanos()).isPositive();
        assertThat(report.clientCpuNanos()).isPositive();
        assertThat(r.run.stderr()).contains(LoadRecorder.TIMED_PHASE_BEGINS, LoadRecorder.TIMED_PHASE_ENDS);
    }

    private static Histogram connects(Result r) {
        return LatencyHistograms.decode(r.report.connectHistogram());
    }

    private static Histogram requests(Result r) {
        return LatencyHistograms.decode(r.report.requestHistogram());
    }
}
