package dev.quicperf.nettyquic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicperf.adapter.ClientOptions;
import dev.quicperf.adapter.ClientReport;
import dev.quicperf.adapter.ConnectionStatsLine;
import dev.quicperf.adapter.JvmLaunch;
import dev.quicperf.adapter.PhaseMarks;
import dev.quicperf.adapter.Readiness;
import dev.quicperf.adapter.SelfSignedCertificate;
import dev.quicperf.adapter.ServerOptions;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our server and client as the suite runs them: separate JVMs from their launches, on loopback. */
class LoopbackPerfTest {

    private static final NettyQuicImplementation IMPL = new NettyQuicImplementation();

    @TempDir
    static Path dir;

    private static Process server;
    private static int port;
    /** The server's stdout after its readiness line: a stats line per connection that ended. */
    private static final List<String> serverLines = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.create(dir);
        JvmLaunch launch = (JvmLaunch) IMPL.serverLaunch(
                new ServerOptions("127.0.0.1", 0, cert.certificate(), cert.privateKey()));
        server = start(launch, dir.resolve("server.err"));
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        }).get(30, TimeUnit.SECONDS);
        assertThat(line).as("server readiness line; stderr: %s", stderr("server.err")).isNotNull();
        port = Readiness.READY_LINE.port(line).orElseThrow(() -> new AssertionError("not a READY line: " + line));
        Thread reader = new Thread(() -> {
            try {
                for (String l; (l = out.readLine()) != null; ) {
                    serverLines.add(l);
                }
            } catch (IOException ended) {
                // the server is gone
            }
        }, "server-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.destroy(); // SIGTERM
            assertThat(server.waitFor(10, TimeUnit.SECONDS)).as("server exits on SIGTERM").isTrue();
        }
    }

    @Test
    void downloadsAndVerifiesEveryByteWithUpload() throws Exception {
        Result r = runClient(new ClientOptions("127.0.0.1", port, 20_000_000, 300_000, Duration.ofSeconds(60)));
        assertThat(r.exit).as(r.stderr).isZero();
        assertThat(r.report.ok()).as(r.report.error()).isTrue();
        assertThat(r.report.schema()).isEqualTo(ClientReport.SCHEMA);
        assertThat(r.report.implementation()).isEqualTo("netty-quic");
        assertThat(r.report.version()).isEqualTo(IMPL.version());
        assertThat(r.report.bytesReceived()).isEqualTo(20_000_000);
        assertThat(r.report.bytesVerified()).isEqualTo(20_000_000);
        assertThat(r.report.bytesUploaded()).isEqualTo(300_000);
        assertThat(r.report.handshakeNanos()).isPositive();
        assertThat(r.report.transferNanos()).isPositive();
        assertThat(r.report.totalNanos()).isGreaterThanOrEqualTo(r.report.handshakeNanos() + r.report.transferNanos());
        assertThat(r.report.clientCpuNanos()).isPositive();
        assertThat(r.report.error()).isNull();
    }

    @Test
    void warmupDownloadRunsFirstOnItsOwnConnectionOutsideTheMarks() throws Exception {
        Result r = runClient(new ClientOptions("127.0.0.1", port, 1_000_000, 0, Duration.ofSeconds(30), 3_000_000));
        assertThat(r.exit).as(r.stderr).isZero();
        assertThat(r.report.ok()).as(r.report.error()).isTrue();
        assertThat(r.report.bytesVerified()).as("the report is the timed download's").isEqualTo(1_000_000);
        assertThat(r.stderr.lines().filter(PhaseMarks.BEGIN::equals).count()).as("one begin mark").isEqualTo(1);
        assertThat(r.stderr.lines().filter(PhaseMarks.END::equals).count()).as("one end mark").isEqualTo(1);
        // The server names each connection's client port: the timed one is the report's, the warm-up another.
        int timedPort = r.report.localPort();
        assertThat(timedPort).isPositive();
        List<ConnectionStatsLine> stats = awaitStats(s -> s.peerPort() == timedPort, 10);
        ConnectionStatsLine timed = stats.stream().filter(s -> s.peerPort() == timedPort).findFirst()
                .orElseThrow(() -> new AssertionError("no stats line for client port " + timedPort + ": " + serverLines));
        assertThat(timed.packetsSent()).as("packets for 1 MB").isBetween(1_000_000L / 1350, 3_000_000L / 1350);
        // The warm-up connection may end after the timed one: the server keeps a closed connection
        // for three probe timeouts, and one whose close it missed until its idle timeout (30 s).
        java.util.function.Predicate<ConnectionStatsLine> warmup = s -> s.peerPort() != timedPort
                && s.packetsSent() >= 3_000_000L / 1350;
        assertThat(awaitStats(warmup, 35)).anyMatch(warmup);
    }

    @Test
    void aFailedWarmupFailsTheRunAndSaysSo() throws Exception {
        int deadPort;
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort();
        }
        Result r = runClient(new ClientOptions("127.0.0.1", deadPort, 1000, 0, Duration.ofMillis(1500), 5000));
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.report.ok()).isFalse();
        assertThat(r.report.error()).startsWith("warm-up download of 5000 bytes failed: timeout after 1500 ms");
        assertThat(r.stderr).doesNotContain(PhaseMarks.BEGIN);
    }

    private static List<ConnectionStatsLine> awaitStats(java.util.function.Predicate<ConnectionStatsLine> wanted,
            long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            List<ConnectionStatsLine> stats = serverLines.stream().map(ConnectionStatsLine::parse)
                    .flatMap(java.util.Optional::stream).toList();
            if (stats.stream().anyMatch(wanted) || System.nanoTime() > deadline) {
                return stats;
            }
            Thread.sleep(20);
        }
    }

    @Test
    void emptyResponse() throws Exception {
        Result r = runClient(new ClientOptions("127.0.0.1", port, 0, 0, Duration.ofSeconds(30)));
        assertThat(r.exit).as(r.stderr).isZero();
        assertThat(r.report.ok()).isTrue();
        assertThat(r.report.bytesReceived()).isZero();
    }

    @Test
    void reportsATimeoutWhenNobodyAnswers() throws Exception {
        int deadPort;
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort();
        }
        Result r = runClient(new ClientOptions("127.0.0.1", deadPort, 1000, 0, Duration.ofMillis(1500)));
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.report.ok()).isFalse();
        assertThat(r.report.error()).startsWith("timeout after 1500 ms: received 0 of 1000 bytes");
    }

    private record Result(int exit, ClientReport report, String stderr) {
    }

    private static Result runClient(ClientOptions options) throws Exception {
        Path err = Files.createTempFile(dir, "client", ".err");
        Process client = start((JvmLaunch) IMPL.clientLaunch(options), err);
        String stdout = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(client.waitFor(options.timeout().toMillis() + 20_000, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(stdout.lines().count()).as("exactly one line on stdout: %s", stdout).isEqualTo(1);
        return new Result(client.exitValue(), ClientReport.parse(stdout), Files.readString(err));
    }

    private static Process start(JvmLaunch launch, Path stderr) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(launch.jvmFlags());
        command.add("-cp");
        command.add(String.join(File.pathSeparator, launch.classpath().stream().map(Path::toString).toList()));
        command.add(launch.mainClass());
        command.addAll(launch.args());
        return new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    }

    private static String stderr(String name) {
        try {
            return Files.readString(dir.resolve(name));
        } catch (IOException e) {
            return "(unreadable)";
        }
    }
}
