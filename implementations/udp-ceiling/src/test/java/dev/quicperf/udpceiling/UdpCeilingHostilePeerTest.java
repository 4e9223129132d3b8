package dev.quicperf.udpceiling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicperf.adapter.ClientReport;
import dev.quicperf.adapter.ConnectionStatsLine;
import dev.quicperf.adapter.PayloadPattern;
import dev.quicperf.adapter.PerfProtocol;
import dev.quicperf.adapter.testing.ServerProcess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our udp-blast server (a separate JVM from its Launch) against peers in this JVM that break the
 * protocol, vanish, run at the same time, or lose datagrams on the way. After each, a normal
 * transfer must still come back whole.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UdpCeilingHostilePeerTest {

    private static final UdpCeilingImplementation CEILING = new UdpCeilingImplementation();
    private static final int WAIT_MILLIS = 10_000;

    @TempDir
    static Path dir;

    private static ServerProcess server;

    @BeforeAll
    static void startServer() throws Exception {
        server = ServerProcess.startOnLoopback(CEILING, dir);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            assertThat(server.stop().endedOnSigterm()).isTrue();
        }
    }

    @AfterEach
    void serverStillServesAWholeTransfer() {
        Result r = download(server.port(), 1_000_000);
        assertThat(r.report().ok()).as("a normal transfer after the test: %s (server stderr: %s)", r.report().error(),
                server.stderrText()).isTrue();
    }

    @Test
    void aLengthOverTheLimitIsRejected() throws Exception {
        for (long raw : new long[] {PerfProtocol.MAX_RESPONSE_BYTES + 1, Long.MIN_VALUE, -1}) {
            try (RawPeer peer = new RawPeer()) {
                peer.send(request(7, raw, 16));
                ByteBuffer answer = peer.receive();
                assertThat(answer.get(0)).as("type").isEqualTo(Wire.REJECT);
                assertThat(answer.get(1)).as("reason").isEqualTo(Wire.OVER_LIMIT);
                assertThat(answer.getInt(4)).as("transfer id").isEqualTo(7);
                assertThat(answer.getLong(8)).isEqualTo(raw);
            }
        }
        ClientReport report = download(server.port(), PerfProtocol.MAX_RESPONSE_BYTES + 1).report();
        assertThat(report.ok()).isFalse();
        assertThat(report.error()).contains("rejected").contains("over its limit");
    }

    @Test
    void transfersOfOtherClientsRunAtTheSameTimeEvenWithTheSameId() throws Exception {
        // A raw peer opens a transfer with id 1 and reads slowly; real clients come and go meanwhile.
        try (RawPeer slow = new RawPeer()) {
            int total = Wire.datagrams(5_000_000);
            slow.send(request(1, 5_000_000, 8));
            List<CompletableFuture<Result>> others = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                others.add(CompletableFuture.supplyAsync(() -> download(server.port(), 3_000_000)));
            }
            BitSet got = new BitSet();
            int credit = 8;
            while (got.cardinality() < total) {
                ByteBuffer d = slow.receive();
                assertThat(d.get(0)).isEqualTo(Wire.DATA);
                assertThat(d.getInt(4)).isEqualTo(1);
                int seq = (int) (d.getLong(8) / Wire.PAYLOAD_BYTES);
                assertThat(PayloadPattern.verify(d.getLong(8), d.array(), Wire.HEADER_BYTES, d.limit() - Wire.HEADER_BYTES))
                        .isEqualTo(-1);
                got.set(seq);
                if (got.cardinality() == credit && credit < total) {
                    credit = Math.min(total, credit + 64);
                    slow.send(feedback(1, credit));
                }
            }
            for (CompletableFuture<Result> f : others) {
                Result r = f.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
                assertThat(r.report().ok()).as(r.report().error()).isTrue();
                assertThat(r.report().bytesVerified()).isEqualTo(3_000_000);
            }
            slow.send(header(Wire.DONE, 1));
            assertThat(slow.receive().get(0)).isEqualTo(Wire.DONE_ACK);
            assertThat(awaitStats(slow.localPort()).packetsSent()).isEqualTo(total);
        }
    }

    @Test
    void aClientThatVanishesMidTransferIsTimedOutAndWedgesNothing() throws Exception {
        int port;
        try (RawPeer gone = new RawPeer()) {
            port = gone.localPort();
            gone.send(request(9, 100_000_000, 64));
            gone.receive();
        }
        // Served while the vanished client's transfer waits for credit that never comes.
        assertThat(download(server.port(), 2_000_000).report().ok()).isTrue();
        ConnectionStatsLine stats = awaitStats(port, BlastServer.IDLE_TIMEOUT_NANOS / 1_000_000 + WAIT_MILLIS);
        assertThat(stats.packetsSent()).as("what its credit allowed").isEqualTo(64);
        awaitServerLog("transfer 9 (100000000 bytes): timed out");
    }

    @Test
    void garbageAndHostileFeedbackAreIgnoredOrCapped() throws Exception {
        try (RawPeer peer = new RawPeer()) {
            peer.send(new byte[] {1, 2, 3});
            peer.send(header((byte) 99, 5));
            peer.send(new byte[Wire.DATAGRAM_BYTES + 1]);
            // Feedback for a transfer that does not exist, claiming 65535 ranges it does not carry.
            ByteBuffer f = ByteBuffer.wrap(feedback(5, -1));
            f.putShort(12, (short) -1);
            peer.send(f.array());
            // A 10-datagram transfer with credit 1, then credit 2^32-1: the server sends 10, no more.
            long length = 10L * Wire.PAYLOAD_BYTES;
            peer.send(request(5, length, 1));
            assertThat(peer.receive().getLong(8)).isZero();
            peer.send(feedback(5, -1));
            Set<Long> offsets = ConcurrentHashMap.newKeySet();
            ByteBuffer last = null;
            while (offsets.size() < 9) {
                last = peer.receive();
                offsets.add(last.getLong(8));
            }
            assertThat(last.get(1) & Wire.FIN).as("FIN on the last").isEqualTo(Wire.FIN);
            peer.send(header(Wire.DONE, 5));
            assertThat(peer.receive().get(0)).isEqualTo(Wire.DONE_ACK);
            assertThat(awaitStats(peer.localPort()).packetsSent()).isEqualTo(10);
        }
    }

    @Test
    void missingDatagramsAreSentAgainAndCountedAsLost() throws Exception {
        try (RawPeer peer = new RawPeer()) {
            long length = 10L * Wire.PAYLOAD_BYTES;
            peer.send(request(3, length, 10));
            for (int i = 0; i < 10; i++) {
                peer.receive();
            }
            ByteBuffer f = ByteBuffer.allocate(Wire.HEADER_BYTES + 16);
            Wire.header(f, Wire.FEEDBACK, (byte) 0, 3);
            f.putInt(10).putShort((short) 2).putShort((short) 0).putInt(3).putInt(3).putInt(9).putInt(5);
            peer.send(f.array());
            List<Long> again = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                ByteBuffer d = peer.receive();
                assertThat(d.get(1) & Wire.RESENT).isEqualTo(Wire.RESENT);
                again.add(d.getLong(8) / Wire.PAYLOAD_BYTES);
            }
            assertThat(again).as("3..5 and 9; the range past the end is cut off").containsExactly(3L, 4L, 5L, 9L);
            peer.send(header(Wire.DONE, 3));
            peer.receive();
            ConnectionStatsLine stats = awaitStats(peer.localPort());
            assertThat(stats.packetsSent()).isEqualTo(14);
            assertThat(stats.packetsLost()).isEqualTo(4);
        }
    }

    @Test
    void theClientRepairsLostRequestsCreditAndDataIncludingTheLast() throws Exception {
        long length = 3_000_000;
        int total = Wire.datagrams(length);
        Set<Long> droppedOnce = ConcurrentHashMap.newKeySet();
        Set<Byte> controlDroppedOnce = ConcurrentHashMap.newKeySet();
        try (LossyRelay relay = new LossyRelay(server.port(),
                // The first request and the first feedback vanish.
                d -> (d.get(0) == Wire.REQUEST || d.get(0) == Wire.FEEDBACK) && controlDroppedOnce.add(d.get(0)),
                // Every 97th datagram and the last one vanish the first time they are sent.
                d -> d.get(0) == Wire.DATA && (d.getLong(8) / Wire.PAYLOAD_BYTES % 97 == 5
                        || d.getLong(8) / Wire.PAYLOAD_BYTES == total - 1) && droppedOnce.add(d.getLong(8)))) {
            Result r = download(relay.port(), length);
            assertThat(r.report().ok()).as("%s; client log: %s", r.report().error(), r.log()).isTrue();
            assertThat(r.report().bytesVerified()).isEqualTo(length);
            assertThat(relay.droppedToServer.get()).isEqualTo(2);
            assertThat(relay.droppedToClient.get()).isGreaterThan(total / 97);
            ConnectionStatsLine stats = awaitStats(relay.serverSidePort());
            assertThat(stats.packetsLost()).as("every dropped datagram sent again").isGreaterThanOrEqualTo(
                    relay.droppedToClient.get());
            assertThat(stats.packetsSent()).isEqualTo(total + stats.packetsLost());
        }
    }

    private record Result(ClientReport report, String log) {
    }

    /** A real client transfer in this JVM (untimed: no phase marks), its log kept for messages. */
    private static Result download(int port, long bytes) {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
        ClientReport report = new Download(out, "test-client", "127.0.0.1", port, bytes, WAIT_MILLIS, false).run();
        return new Result(report, log.toString(StandardCharsets.UTF_8));
    }

    private static void awaitServerLog(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        while (!server.stderrText().contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(server.stderrText()).contains(text);
    }

    private static ConnectionStatsLine awaitStats(int peerPort) throws Exception {
        return awaitStats(peerPort, WAIT_MILLIS);
    }

    private static ConnectionStatsLine awaitStats(int peerPort, long waitMillis) throws Exception {
        // ServerProcess keeps the server's stdout in server.out of the directory it was started in.
        Path stdout = dir.resolve("server.out");
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
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

    private static byte[] request(int id, long length, int credit) {
        ByteBuffer b = ByteBuffer.allocate(Wire.REQUEST_BYTES);
        Wire.header(b, Wire.REQUEST, (byte) 0, id);
        b.putLong(length).putInt(credit);
        return b.array();
    }

    private static byte[] feedback(int id, int credit) {
        ByteBuffer b = ByteBuffer.allocate(Wire.HEADER_BYTES);
        Wire.header(b, Wire.FEEDBACK, (byte) 0, id);
        b.putInt(credit).putShort((short) 0).putShort((short) 0);
        return b.array();
    }

    private static byte[] header(byte type, int id) {
        ByteBuffer b = ByteBuffer.allocate(Wire.MIN_BYTES);
        Wire.header(b, type, (byte) 0, id);
        return b.array();
    }

    /** A bare UDP socket towards the server, for datagrams no real client would send. */
    private static final class RawPeer implements AutoCloseable {

        private final DatagramSocket socket;

        RawPeer() throws Exception {
            socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
            socket.setReceiveBufferSize(4 << 20);
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
            socket.setSoTimeout(WAIT_MILLIS);
        }

        int localPort() {
            return socket.getLocalPort();
        }

        void send(byte[] datagram) throws Exception {
            socket.send(new DatagramPacket(datagram, datagram.length));
        }

        ByteBuffer receive() throws Exception {
            DatagramPacket p = new DatagramPacket(new byte[Wire.DATAGRAM_BYTES + 1], Wire.DATAGRAM_BYTES + 1);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("nothing from the server for " + WAIT_MILLIS + " ms", e);
            }
            return ByteBuffer.wrap(p.getData(), 0, p.getLength()).slice();
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
