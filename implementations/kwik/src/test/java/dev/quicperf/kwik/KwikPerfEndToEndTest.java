package dev.quicperf.kwik;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicperf.adapter.ClientOptions;
import dev.quicperf.adapter.ClientReport;
import dev.quicperf.adapter.ConnectionStatsLine;
import dev.quicperf.adapter.JvmLaunch;
import dev.quicperf.adapter.PhaseMarks;
import dev.quicperf.adapter.Readiness;
import dev.quicperf.adapter.SelfSignedCertificate;
import dev.quicperf.adapter.ServerOptions;
import dev.quicperf.adapter.testing.ServerStdout;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Our kwik server and client as the suite runs them: separate JVMs from their Launches, on loopback. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KwikPerfEndToEndTest {

    private static final KwikImplementation KWIK = new KwikImplementation();

    @TempDir
    static Path dir;

    private static Process server;
    private static Path serverStdout;
    private static int port;

    @BeforeAll
    static void startServer() throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.create(dir);
        JvmLaunch launch = (JvmLaunch) KWIK.serverLaunch(
                new ServerOptions("127.0.0.1", 0, cert.certificate(), cert.privateKey()));
        serverStdout = dir.resolve("server.out");
        Path serverStderr = dir.resolve("server.err");
        server = new ProcessBuilder(argv(launch)).redirectOutput(serverStdout.toFile())
                .redirectError(serverStderr.toFile()).start();
        Process started = server;
        // A test JVM stopped from outside must not leave its server running.
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "server-cleanup"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String first = null;
        while (first == null && server.isAlive() && System.nanoTime() < deadline) {
            List<String> lines = Files.readAllLines(serverStdout);
            if (!lines.isEmpty() && Files.readString(serverStdout).endsWith("\n")) {
                first = lines.get(0);
            } else {
                Thread.sleep(50);
            }
        }
        assertThat(first).as("server's readiness line (stderr: %s)", Files.readString(serverStderr)).isNotNull();
        OptionalInt announced = Readiness.READY_LINE.port(first);
        assertThat(announced).as("readiness line '%s'", first).isPresent();
        port = announced.getAsInt();
        assertThat(port).isPositive();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server == null) {
            return;
        }
        server.destroy();
        assertThat(server.waitFor(10, TimeUnit.SECONDS)).as("server ends on SIGTERM").isTrue();
        // On stdout the readiness line, then a packet count for each connection that ended.
        List<ConnectionStatsLine> stats = ServerStdout.statsLines(Files.readAllLines(serverStdout), port);
        assertThat(stats).isNotEmpty().allMatch(s -> s.packetsSent() > 0).allMatch(s -> s.peerPort() > 0);
    }

    @Test
    void downloadsAndVerifiesAResponseWithAnUpload() throws Exception {
        ClientReport report = runClient(2_000_000, 300_000, Duration.ofSeconds(60), 0);
        assertThat(report.ok()).as(report.error()).isTrue();
        assertThat(report.implementation()).isEqualTo("kwik");
        assertThat(report.version()).isEqualTo(KWIK.version());
        assertThat(report.bytesRequested()).isEqualTo(2_000_000);
        assertThat(report.bytesReceived()).isEqualTo(2_000_000);
        assertThat(report.bytesVerified()).isEqualTo(2_000_000);
        assertThat(report.bytesUploaded()).isEqualTo(300_000);
        assertThat(report.handshakeNanos()).isPositive();
        assertThat(report.transferNanos()).isPositive();
        assertThat(report.totalNanos()).isGreaterThanOrEqualTo(report.handshakeNanos() + report.transferNanos());
        assertThat(report.error()).isNull();
    }

    @Test
    void anEmptyResponseIsJustAFin() throws Exception {
        ClientReport report = runClient(0, 0, Duration.ofSeconds(60), 0);
        assertThat(report.ok()).as(report.error()).isTrue();
        assertThat(report.bytesReceived()).isZero();
    }

    @Test
    void noServerMeansATimeoutReportAndExitOne() throws Exception {
        // A port nobody listens on: the handshake never completes.
        ClientReport report = runClient(1000, 0, Duration.ofMillis(1500), 1, 9);
        assertThat(report.ok()).isFalse();
        assertThat(report.error()).startsWith("timeout after 1500 ms").contains("handshake");
    }

    @Test
    void badArgumentsExitTwo() throws Exception {
        JvmLaunch launch = (JvmLaunch) KWIK.clientLaunch(new ClientOptions("127.0.0.1", port, 1, 0, Duration.ofSeconds(5)));
        List<String> argv = new ArrayList<>(argv(launch).subList(0, argv(launch).size() - launch.args().size()));
        argv.addAll(List.of("--host", "127.0.0.1", "--port", "not-a-port"));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(output).contains("--port");
    }

    @Test
    void warmupDownloadRunsFirstOnItsOwnConnectionOutsideTheMarks() throws Exception {
        Run run = runClient(new ClientOptions("127.0.0.1", port, 500_000, 0, Duration.ofSeconds(60), 1_000_000), 0);
        assertThat(run.report().ok()).as(run.report().error()).isTrue();
        assertThat(run.report().bytesVerified()).as("the report is the timed download's").isEqualTo(500_000);
        assertThat(run.stderr().lines().filter(PhaseMarks.BEGIN::equals).count()).as("one begin mark").isEqualTo(1);
        assertThat(run.stderr().lines().filter(PhaseMarks.END::equals).count()).as("one end mark").isEqualTo(1);
        int timedPort = run.report().localPort();
        assertThat(timedPort).isPositive();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<ConnectionStatsLine> stats;
        do {
            Thread.sleep(20);
            stats = Files.readAllLines(serverStdout).stream().map(ConnectionStatsLine::parse)
                    .flatMap(java.util.Optional::stream).toList();
        } while (stats.stream().noneMatch(s -> s.peerPort() == timedPort) && System.nanoTime() < deadline);
        assertThat(stats).as("the server names the timed connection's client port").anyMatch(s -> s.peerPort() == timedPort);
    }

    private static ClientReport runClient(long bytes, long upload, Duration timeout, int expectedExit) throws Exception {
        return runClient(bytes, upload, timeout, expectedExit, port);
    }

    private static ClientReport runClient(long bytes, long upload, Duration timeout, int expectedExit, int toPort)
            throws Exception {
        return runClient(new ClientOptions("127.0.0.1", toPort, bytes, upload, timeout), expectedExit).report();
    }

    private record Run(ClientReport report, String stderr) {
    }

    private static Run runClient(ClientOptions options, int expectedExit) throws Exception {
        Duration timeout = options.timeout();
        JvmLaunch launch = (JvmLaunch) KWIK.clientLaunch(options);
        Path stdout = Files.createTempFile(dir, "client", ".json");
        Path stderr = Files.createTempFile(dir, "client", ".err");
        Process p = new ProcessBuilder(argv(launch)).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        assertThat(p.waitFor(timeout.toMillis() + 30_000, TimeUnit.MILLISECONDS)).isTrue();
        String out = Files.readString(stdout);
        assertThat(p.exitValue()).as("client exit (stderr: %s)", Files.readString(stderr)).isEqualTo(expectedExit);
        assertThat(out.lines().count()).as("stdout is exactly one line: %s", out).isEqualTo(1);
        return new Run(ClientReport.parse(out), Files.readString(stderr));
    }

    private static List<String> argv(JvmLaunch launch) throws IOException {
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        argv.addAll(launch.jvmFlags());
        argv.add("-cp");
        argv.add(launch.classpath().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        argv.add(launch.mainClass());
        argv.addAll(launch.args());
        return argv;
    }
}
