package dev.quicperf.udpceiling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicperf.adapter.ClientOptions;
import dev.quicperf.adapter.ClientReport;
import dev.quicperf.adapter.ConnectionStatsLine;
import dev.quicperf.adapter.JvmLaunch;
import dev.quicperf.adapter.PhaseMarks;
import dev.quicperf.adapter.testing.ServerProcess;
import dev.quicperf.adapter.testing.ServerStdout;
import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our udp-blast server and client as the suite runs them: separate JVMs from their Launches, on loopback. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UdpCeilingEndToEndTest {

    private static final UdpCeilingImplementation CEILING = new UdpCeilingImplementation();
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    private static ServerProcess server;

    @BeforeAll
    static void startServer() throws Exception {
        server = ServerProcess.startOnLoopback(CEILING, dir);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server == null) {
            return;
        }
        ServerProcess.Stopped stopped = server.stop();
        assertThat(stopped.wasAlive()).as("server alive until the end (stderr: %s)", server.stderrText()).isTrue();
        assertThat(stopped.endedOnSigterm()).as("server ends on SIGTERM").isTrue();
        // The readiness line, then one stats line per transfer, nothing else.
        assertThat(ServerStdout.statsLines(stopped.stdoutLines(), server.port())).isNotEmpty();
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(longs = {0, 2_000, 20_000_000})
    void downloadsAndVerifiesEveryByteAndTheServerCountsItsDatagrams(long bytes) throws Exception {
        long warmup = bytes >= 20_000_000 ? 2_000_000 : 0;
        ClientProcess run = runClient(new ClientOptions("127.0.0.1", server.port(), bytes, 0, CLIENT_TIMEOUT, warmup));
        ClientReport report = run.report();
        assertThat(run.exitCode()).as("exit (stderr: %s)", run.stderr()).isZero();
        assertThat(report.ok()).as(report.error()).isTrue();
        assertThat(report.implementation()).isEqualTo("udp-ceiling");
        assertThat(report.version()).isEqualTo(CEILING.version());
        assertThat(report.bytesRequested()).isEqualTo(bytes);
        assertThat(report.bytesReceived()).isEqualTo(bytes);
        assertThat(report.bytesVerified()).isEqualTo(bytes);
        assertThat(report.handshakeNanos()).as("no handshake").isZero();
        assertThat(report.transferNanos()).isPositive();
        assertThat(report.localPort()).isPositive();
        List<String> lines = run.stderr().lines().toList();
        assertThat(lines.stream().filter(PhaseMarks.BEGIN::equals).count()).as("one begin mark").isEqualTo(1);
        assertThat(lines.stream().filter(PhaseMarks.END::equals).count()).as("one end mark").isEqualTo(1);
        assertThat(lines.indexOf(PhaseMarks.BEGIN)).isLessThan(lines.indexOf(PhaseMarks.END));

        ConnectionStatsLine stats = awaitStatsLine(report.localPort());
        long datagrams = Math.max(1, (bytes + Wire.PAYLOAD_BYTES - 1) / Wire.PAYLOAD_BYTES);
        assertThat(stats.packetsSent()).as("datagrams sent for %d bytes", bytes).isGreaterThanOrEqualTo(datagrams);
        // Credit stays under the client's receive buffer, so loopback drops nothing; a datagram goes
        // again only when the client took a long delay for a loss (a CPU-starved server or
        // delivery backlog on this shared machine): rare, few, and counted.
        assertThat(stats.packetsSent()).isEqualTo(datagrams + stats.packetsLost());
        assertThat(stats.packetsLost()).as("datagrams sent again (client stderr: %s)", run.stderr())
                .isLessThanOrEqualTo(datagrams / 100);
    }

    @Test
    void anUploadIsRefusedAsABadArgument() throws Exception {
        ClientProcess run = runClient(new ClientOptions("127.0.0.1", server.port(), 1000, 10, CLIENT_TIMEOUT));
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).contains("--upload must be 0");
    }

    @Test
    void noServerMeansAFailedReportNamingItAndExitOne() throws Exception {
        int closedPort;
        try (DatagramSocket s = new DatagramSocket(0)) {
            closedPort = s.getLocalPort();
        }
        ClientProcess run = runClient(new ClientOptions("127.0.0.1", closedPort, 1000, 0, Duration.ofSeconds(3)));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.report().ok()).isFalse();
        assertThat(run.report().error()).containsAnyOf("port unreachable", "no answer");
    }

    private static ConnectionStatsLine awaitStatsLine(int peerPort) throws Exception {
        // ServerProcess keeps the server's stdout in server.out of the directory it was started in.
        Path stdout = dir.resolve("server.out");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        do {
            Optional<ConnectionStatsLine> line = Files.readAllLines(stdout).stream().map(ConnectionStatsLine::parse)
                    .flatMap(Optional::stream).filter(s -> s.peerPort() == peerPort).findFirst();
            if (line.isPresent()) {
                return line.get();
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no stats line for client port " + peerPort + " in " + Files.readString(stdout));
    }

    private static ClientProcess runClient(ClientOptions options) throws Exception {
        return ClientProcess.run((JvmLaunch) CEILING.clientLaunch(options), options.timeout().plusSeconds(20), dir);
    }
}
