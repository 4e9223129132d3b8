package dev.quicperf.h3ref;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicperf.adapter.ClientOptions;
import dev.quicperf.adapter.ClientReport;
import dev.quicperf.adapter.JvmLaunch;
import dev.quicperf.adapter.PhaseMarks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The goodput client as the suite runs it (its own JVM from {@link H3Reference#clientLaunch})
 * against a real ngtcp2 server on loopback. The server keeps its default --max-dyn-length (20M =
 * 20,971,520 bytes), which a 20 MB download fits and a 30 MB one does not.
 */
class H3GoodputClientTest {

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
    void downloads20MegabytesAndChecksStatusAndLength() throws Exception {
        Result r = download(20_000_000, 0, Duration.ofSeconds(60), 0);
        assertSucceeded(r, 20_000_000);
        assertThat(r.report.handshakeNanos()).isPositive();
        assertThat(r.report.transferNanos()).isPositive();
        assertThat(r.report.totalNanos()).isGreaterThanOrEqualTo(r.report.handshakeNanos() + r.report.transferNanos());
        assertThat(r.report.clientCpuNanos()).isPositive();
        assertThat(r.report.localPort()).isPositive();
        assertThat(r.run.stderr().lines().filter(PhaseMarks.BEGIN::equals).count()).as("one begin mark").isEqualTo(1);
        assertThat(r.run.stderr().lines().filter(PhaseMarks.END::equals).count()).as("one end mark").isEqualTo(1);
    }

    @Test
    void emptyResponseIsAComplete200() throws Exception {
        Result r = download(0, 0, Duration.ofSeconds(30), 0);
        assertSucceeded(r, 0);
    }

    @Test
    void warmupOfMoreThanTheServerGeneratesAtOnceGoesAsSeveralRequestsOutsideTheMarks() throws Exception {
        // 25 MB is more than this server generates for one request (20M): only split requests pass.
        Result r = download(2048, 0, Duration.ofSeconds(60), 25_000_000);
        assertSucceeded(r, 2048);
        String stderr = r.run.stderr();
        assertThat(stderr.lines().filter(PhaseMarks.BEGIN::equals).count()).as("one begin mark").isEqualTo(1);
        assertThat(stderr.lines().filter(PhaseMarks.END::equals).count()).as("one end mark").isEqualTo(1);
    }

    @Test
    void uploadGoesAsAPostBody() throws Exception {
        Result r = download(5000, 1_000_000, Duration.ofSeconds(30), 0);
        assertSucceeded(r, 5000);
        assertThat(r.report.bytesUploaded()).isEqualTo(1_000_000);
    }

    @Test
    void moreThanTheServerGeneratesFailsNamingTheStatus() throws Exception {
        // ngtcp2 answers a numeric path above --max-dyn-length with 404 and a small HTML body.
        Result r = download(30_000_000, 0, Duration.ofSeconds(30), 0);
        assertThat(r.run.exit()).as(r.run.stderr()).isEqualTo(1);
        assertThat(r.report.ok()).isFalse();
        assertThat(r.report.bytesVerified()).isZero();
        assertThat(r.report.error()).startsWith("the server answered GET /30000000 with :status 404")
                .contains("--max-dyn-length");
    }

    @Test
    void nobodyOnThePortTimesOutWithinTheTimeout() throws Exception {
        int deadPort = GtlsServer.freeUdpPort();
        Result r = download(1000, 0, Duration.ofMillis(1500), 0, deadPort);
        assertThat(r.run.exit()).isEqualTo(1);
        assertThat(r.report.ok()).isFalse();
        assertThat(r.report.error()).isEqualTo(
                "timeout after 1500 ms: received 0 of 1000 bytes, no response headers (handshake not complete)");
        assertThat(r.report.totalNanos()).isLessThanOrEqualTo(Duration.ofMillis(1500).toNanos());
    }

    @Test
    void aFailedWarmupFailsTheRunBeforeItsMarks() throws Exception {
        int deadPort = GtlsServer.freeUdpPort();
        Result r = download(1000, 0, Duration.ofMillis(1000), 5000, deadPort);
        assertThat(r.run.exit()).isEqualTo(1);
        assertThat(r.report.error()).startsWith("warm-up download of 5000 bytes failed: timeout after 1000 ms");
        assertThat(r.run.stderr()).doesNotContain(PhaseMarks.BEGIN);
    }

    @Test
    void badArgumentsExitWithTwoAndNoReport() throws Exception {
        JvmLaunch launch = H3Reference.clientLaunch(new ClientOptions("127.0.0.1", 1, 1, 0, Duration.ofSeconds(1)));
        List<String> args = new ArrayList<>(launch.args());
        args.set(args.indexOf("--bytes") + 1, "lots");
        JvmLaunch bad = new JvmLaunch(launch.mainClass(), launch.classpath(), launch.jvmFlags(), args,
                launch.environment(), launch.files());
        ClientProcess run = ClientProcess.run(bad, Duration.ofSeconds(30), dir);
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).contains("--bytes must be a whole number, got 'lots'");
    }

    private record Result(ClientProcess run, ClientReport report) {
    }

    private static Result download(long bytes, long upload, Duration timeout, long warmup) throws Exception {
        return download(bytes, upload, timeout, warmup, server.port());
    }

    private static Result download(long bytes, long upload, Duration timeout, long warmup, int port) throws Exception {
        ClientOptions options = new ClientOptions("127.0.0.1", port, bytes, upload, timeout, warmup);
        JvmLaunch launch = H3Reference.clientLaunch(options);
        assertThat(launch.args()).isEqualTo(options.toArgs());
        ClientProcess run = ClientProcess.run(launch, timeout.multipliedBy(2).plusSeconds(20), dir);
        return new Result(run, ClientReport.parse(run.reportLine()));
    }

    private static void assertSucceeded(Result r, long bytes) {
        ClientReport report = r.report;
        assertThat(r.run.exit()).as("exit status; stderr: %s", r.run.stderr()).isZero();
        assertThat(report.ok()).as(report.error()).isTrue();
        assertThat(report.error()).isNull();
        assertThat(report.schema()).isEqualTo(ClientReport.SCHEMA);
        assertThat(report.implementation()).isEqualTo(H3Reference.ID);
        assertThat(report.version()).isEqualTo(H3Reference.version());
        assertThat(report.bytesRequested()).isEqualTo(bytes);
        assertThat(report.bytesReceived()).isEqualTo(bytes);
        assertThat(report.bytesVerified()).as("length-checked bytes").isEqualTo(bytes);
    }
}
