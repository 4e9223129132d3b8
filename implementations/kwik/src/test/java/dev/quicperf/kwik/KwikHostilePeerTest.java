package dev.quicperf.kwik;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.quicperf.adapter.ClientOptions;
import dev.quicperf.adapter.JvmLaunch;
import dev.quicperf.adapter.PerfProtocol;
import dev.quicperf.adapter.PerfProtocol.StreamError;
import dev.quicperf.adapter.testing.ServerStdout;
import dev.quicperf.adapter.testing.ServerProcess;
import dev.quicperf.adapter.ResponseVerifier;
import dev.quicperf.adapter.SelfSignedCertificate;
import dev.quicperf.adapter.ServerOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tech.kwik.core.QuicClientConnection;
import tech.kwik.core.QuicStream;
import tech.kwik.core.frame.QuicFrame;
import tech.kwik.core.frame.ResetStreamFrame;
import tech.kwik.core.frame.StopSendingFrame;
import tech.kwik.core.log.BaseLogger;
import tech.kwik.core.packet.QuicPacket;

/**
 * Our kwik perf server (a separate JVM from its Launch) against a client that breaks the perf
 * protocol, sent from kwik's client API in this JVM. After each misbehaving stream the same
 * connection (or, after a killed client, a new one) must still get a normal, verified response.
 *
 * <p>kwik's stream API does not show the error code of a RESET_STREAM or STOP_SENDING the peer
 * sent (a reset read only throws "Stream reset by peer"). kwik does hand every received packet,
 * frames parsed, to the connection's {@code Logger}, so {@link FrameRecorder} picks the codes
 * from there, by the frames' own getters.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KwikHostilePeerTest {

    private static final KwikImplementation KWIK = new KwikImplementation();
    /** The server's idle timeout here, so that a vanished client is cleaned up within the test. */
    private static final int SERVER_IDLE_TIMEOUT_MILLIS = 5000;
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** A code no perf server would choose: shows the server's stack copied it from our STOP_SENDING. */
    private static final long CLIENT_STOP_CODE = 0x2a;

    private static final ExecutorService BLOCKING = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "hostile-test-io");
        t.setDaemon(true);
        return t;
    });

    @TempDir
    static Path dir;

    private static ServerProcess server;
    private static int port;

    private Client client;

    @BeforeAll
    static void startServer() throws Exception {
        System.setProperty("tech.kwik.core.no-security-warnings", "true");
        SelfSignedCertificate cert = SelfSignedCertificate.create(dir);
        JvmLaunch launch = (JvmLaunch) KWIK.serverLaunch(
                new ServerOptions("127.0.0.1", 0, cert.certificate(), cert.privateKey()));
        server = ServerProcess.start(launch, List.of("-Dquicperf.kwik.idleTimeoutMillis=" + SERVER_IDLE_TIMEOUT_MILLIS), dir);
        port = server.port();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server == null) {
            return;
        }
        ServerProcess.Stopped stopped = server.stop();
        assertThat(stopped.wasAlive()).as("server survived every hostile peer (stderr: %s)", serverLog()).isTrue();
        assertThat(stopped.endedOnSigterm()).as("server ends on SIGTERM").isTrue();
        ServerStdout.statsLines(stopped.stdoutLines(), port);
    }

    @BeforeEach
    void connect() throws Exception {
        client = Client.connect();
    }

    @AfterEach
    void disconnect() {
        if (client != null) {
            client.close();
        }
    }

    @ParameterizedTest(name = "FIN after {0} length bytes")
    @ValueSource(ints = {0, 1, 7})
    @Order(1)
    void aShortLengthIsInvalidData(int lengthBytes) throws Exception {
        QuicStream stream = client.openBidi();
        StallSafeOutput out = new StallSafeOutput(client.connection, stream);
        out.write(new byte[lengthBytes], 0, lengthBytes);
        out.finish();
        out.release();

        assertThat(client.frames.resetCode(stream.getStreamId())).isEqualTo(StreamError.INVALID_DATA.code);
        assertThat(readToEnd(stream)).as("the response").isEqualTo(Outcome.RESET);
        awaitServerLog(client.streamName(stream) + ": FIN after " + lengthBytes + " of 8 length bytes; RESET_STREAM INVALID_DATA(3)");
        client.assertNormalDownload();
    }

    @ParameterizedTest(name = "length bits {0}")
    @ValueSource(longs = {-1L, Long.MIN_VALUE, PerfProtocol.MAX_RESPONSE_BYTES + 1})
    @Order(2)
    void aLengthOverTheLimitIsRejectedAtOnce(long lengthBits) throws Exception {
        QuicStream stream = client.openBidi();
        StallSafeOutput out = new StallSafeOutput(client.connection, stream);
        byte[] header = ByteBuffer.allocate(8).putLong(lengthBits).array();
        out.write(header, 0, header.length);
        out.write(new byte[1000], 0, 1000); // some upload, and no FIN: the server must not wait for it
        out.release();

        assertThat(client.frames.stopCode(stream.getStreamId())).as("STOP_SENDING").isEqualTo(StreamError.REJECTED.code);
        assertThat(client.frames.resetCode(stream.getStreamId())).as("RESET_STREAM").isEqualTo(StreamError.REJECTED.code);
        assertThat(readToEnd(stream)).isEqualTo(Outcome.RESET);
        awaitServerLog(client.streamName(stream) + ": asks for " + Long.toUnsignedString(lengthBits)
                + " bytes, over the 1000000000000 limit; STOP_SENDING and RESET_STREAM REJECTED(2)");
        client.assertNormalDownload();
    }

    /** The limit itself is served; the client stops it mid-download and the server stops writing. */
    @Test
    @Order(3)
    void stopSendingMidDownloadStopsTheResponse() throws Exception {
        QuicStream stream = client.request(PerfProtocol.MAX_RESPONSE_BYTES);
        long read = within("the first MiB", () -> readVerified(stream, 1 << 20));
        assertThat(read).isGreaterThanOrEqualTo(1 << 20);
        stream.abortReading(CLIENT_STOP_CODE);

        // kwik answers STOP_SENDING with RESET_STREAM carrying the client's code (RFC 9000, 3.5).
        assertThat(client.frames.resetCode(stream.getStreamId())).isEqualTo(CLIENT_STOP_CODE);
        awaitServerLog(client.streamName(stream) + ": response abandoned after ");
        client.assertNormalDownload();
    }

    @Test
    @Order(4)
    void aResetMidUploadGetsTheResponseReset() throws Exception {
        QuicStream stream = client.openBidi();
        StallSafeOutput out = new StallSafeOutput(client.connection, stream);
        byte[] header = PerfProtocol.header(1_000_000);
        out.write(header, 0, header.length);
        byte[] upload = new byte[16 << 10];
        for (int i = 0; i < 8; i++) {
            out.write(upload, 0, upload.length);
        }
        out.release();
        stream.resetStream(StreamError.OK.code);

        assertThat(client.frames.resetCode(stream.getStreamId())).isEqualTo(PerfProtocol.CANCELLED.code);
        assertThat(readToEnd(stream)).isEqualTo(Outcome.RESET);
        awaitServerLog(client.streamName(stream) + ": request ended after ");
        client.assertNormalDownload();
    }

    @Test
    @Order(5)
    void aUnidirectionalStreamIsStoppedAsNotImplemented() throws Exception {
        QuicStream stream = within("opening a unidirectional stream", () -> client.connection.createStream(false));
        OutputStream out = stream.getOutputStream();
        out.write(new byte[1000]); // no FIN: kwik sends STOP_SENDING only while data is still to come

        assertThat(client.frames.stopCode(stream.getStreamId())).isEqualTo(StreamError.NOT_IMPLEMENTED.code);
        awaitServerLog(client.streamName(stream) + ": unidirectional; STOP_SENDING NOT_IMPLEMENTED(1)");
        client.assertNormalDownload();
    }

    /**
     * More broken streams on one connection than it may have open at once (100): each must be
     * freed, or the stream credit runs out and the last request cannot even be opened.
     */
    // Tagged stress and left out of the default run: kwik 0.10.9 itself fails it about one time in
    // three here (a late stream gets no bytes, or kwik closes the connection); docs/kwik.md.
    @Test
    @Tag("stress")
    @Order(6)
    void brokenStreamsGiveTheirCreditBack() throws Exception {
        for (int i = 0; i < 150; i++) {
            int kind = i % 3;
            QuicStream stream;
            if (kind == 2) {
                // Stopped mid-download. (A reset right after the header would not do: kwik's reset drops
                // the unsent header, and kwik's server ignores a stream that only ever got a RESET_STREAM.)
                stream = client.request(PerfProtocol.MAX_RESPONSE_BYTES);
                within("the first bytes of stream #" + i, () -> readVerified(stream, 1));
                stream.abortReading(CLIENT_STOP_CODE);
            } else {
                stream = client.openBidi();
                StallSafeOutput out = new StallSafeOutput(client.connection, stream);
                byte[] bytes = kind == 0 ? new byte[3] : ByteBuffer.allocate(8).putLong(-1L).array();
                out.write(bytes, 0, bytes.length);
                if (kind == 0) {
                    out.finish();
                }
                out.release();
            }
            assertThat(client.frames.resetCode(stream.getStreamId())).as("stream #%d", i)
                    .isEqualTo(kind == 0 ? StreamError.INVALID_DATA.code
                            : kind == 1 ? StreamError.REJECTED.code : CLIENT_STOP_CODE);
        }
        client.assertNormalDownload();
    }

    /** A client process killed mid-download: no CONNECTION_CLOSE, just silence. */
    @Test
    @Order(7)
    @Timeout(value = 40, unit = TimeUnit.SECONDS)
    void aKilledClientDoesNotDisturbOthersAndIsCleanedUpAtTheIdleTimeout() throws Exception {
        JvmLaunch clientLaunch = (JvmLaunch) KWIK.clientLaunch(new ClientOptions("127.0.0.1", port, 1, 0, WAIT));
        List<Path> classpath = new ArrayList<>(clientLaunch.classpath());
        classpath.add(ServerProcess.codeOf(AbandoningKwikClient.class));
        Process victim = new ProcessBuilder(ServerProcess.argv(clientLaunch.jvmFlags(), classpath, AbandoningKwikClient.class.getName(),
                List.of("127.0.0.1", Integer.toString(port), Long.toString(100_000_000_000L), Long.toString(1 << 20))))
                .redirectError(dir.resolve("victim.err").toFile()).start();
        client.close(); // the victim's start-up may take longer than the server's idle timeout
        client = null;
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(victim.getInputStream(), StandardCharsets.UTF_8));
            // Generous: a JVM start and a handshake on a busy machine.
            String line = CompletableFuture.supplyAsync(() -> {
                try {
                    return lines.readLine();
                } catch (IOException e) {
                    return null;
                }
            }, BLOCKING).get(25, TimeUnit.SECONDS);
            assertThat(line).as("victim stderr: %s", ServerProcess.read(dir.resolve("victim.err"))).startsWith("MID-TRANSFER local-port=");
            int victimPort = Integer.parseInt(line.substring(line.indexOf('=') + 1));
            victim.destroyForcibly(); // SIGKILL
            assertThat(victim.waitFor(10, TimeUnit.SECONDS)).isTrue();

            // A connection made after the kill, so that the victim's start-up cannot idle it out.
            client = Client.connect();
            client.assertNormalDownload();
            // The server's writer for the victim was blocked on flow control; the idle timeout ends it.
            awaitServerLog("stream 0 of 127.0.0.1:" + victimPort + ": response abandoned after ");
            // A fresh connection: the first one idled while we waited for the victim's timeout, and
            // the server's idle timeout here is short enough to close it too (seen on a loaded CI run).
            client.close();
            client = Client.connect();
            client.assertNormalDownload();
        } finally {
            victim.destroyForcibly();
        }
    }

    // ---- helpers ----

    private enum Outcome { FIN, RESET }

    /** Reads a stream to its end, expecting no data: FIN or reset. */
    private static Outcome readToEnd(QuicStream stream) throws Exception {
        return within("the end of stream " + stream.getStreamId(), () -> {
            InputStream in = stream.getInputStream();
            byte[] buf = new byte[4096];
            long data = 0;
            try {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    data += n;
                }
            } catch (IOException e) {
                assertThat(data).as("bytes before the reset").isZero();
                return Outcome.RESET;
            }
            assertThat(data).as("bytes before the FIN").isZero();
            return Outcome.FIN;
        });
    }

    /** Reads and verifies at least {@code atLeast} pattern bytes of a response; returns how many it read. */
    private static long readVerified(QuicStream stream, long atLeast) throws IOException {
        ResponseVerifier verifier = new ResponseVerifier(Long.MAX_VALUE);
        InputStream in = stream.getInputStream();
        byte[] buf = new byte[64 << 10];
        while (verifier.received() < atLeast) {
            int n = in.read(buf);
            if (n < 0) {
                break;
            }
            verifier.accept(buf, 0, n);
        }
        assertThat(verifier.verified()).isEqualTo(verifier.received());
        return verifier.received();
    }

    private static void awaitServerLog(String fragment) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (serverLog().contains(fragment)) {
                return;
            }
            Thread.sleep(50);
        }
        fail("server stderr never said '%s'; it says:%n%s", fragment, serverLog());
    }

    private static String serverLog() {
        return server.stderrText();
    }

    /** Runs a blocking kwik call with a deadline: kwik's reads ignore interrupts, so JUnit's timeout alone would not end them. */
    private static <T> T within(String what, Callable<T> call) throws Exception {
        Future<T> f = BLOCKING.submit(call);
        try {
            return f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new AssertionError("no " + what + " within " + WAIT.toSeconds() + " s; server stderr:\n" + serverLog());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception x) {
                throw x;
            }
            throw new AssertionError(e.getCause());
        }
    }

    /** One in-process kwik client connection, with the frames it received on record. */
    private static final class Client implements AutoCloseable {

        final QuicClientConnection connection;
        final FrameRecorder frames;

        private Client(QuicClientConnection connection, FrameRecorder frames) {
            this.connection = connection;
            this.frames = frames;
        }

        static Client connect() throws Exception {
            FrameRecorder frames = new FrameRecorder();
            QuicClientConnection c = QuicClientConnection.newBuilder()
                    .host("127.0.0.1")
                    .port(port)
                    .applicationProtocol(PerfProtocol.ALPN)
                    .noServerCertificateCheck()
                    .connectTimeout(WAIT)
                    .maxIdleTimeout(Duration.ofSeconds(30))
                    .logger(frames)
                    .build();
            within("the handshake", () -> {
                c.connect();
                return null;
            });
            return new Client(c, frames);
        }

        QuicStream openBidi() throws Exception {
            return within("a new stream", () -> connection.createStream(true));
        }

        /** A well-formed request for {@code bytes}, no upload. */
        QuicStream request(long bytes) throws Exception {
            QuicStream stream = openBidi();
            StallSafeOutput out = new StallSafeOutput(connection, stream);
            byte[] header = PerfProtocol.header(bytes);
            out.write(header, 0, header.length);
            out.finish();
            out.release();
            return stream;
        }

        /** What the server calls this client's stream in its log lines. */
        String streamName(QuicStream stream) {
            return "stream " + stream.getStreamId() + " of 127.0.0.1:" + connection.getLocalAddress().getPort();
        }

        void assertNormalDownload() throws Exception {
            long size = 1_000_000;
            QuicStream stream = request(size);
            ResponseVerifier verifier = new ResponseVerifier(size);
            within("a normal " + size + "-byte response", () -> {
                InputStream in = stream.getInputStream();
                byte[] buf = new byte[64 << 10];
                for (int n; (n = in.read(buf)) >= 0; ) {
                    verifier.accept(buf, 0, n);
                }
                return null;
            });
            assertThat(verifier.problem()).as("normal response after the hostile stream").isNull();
            assertThat(verifier.verified()).isEqualTo(size);
        }

        @Override
        public void close() {
            try {
                within("closing the connection", () -> {
                    connection.closeAndWait(Duration.ofMillis(500));
                    return null;
                });
            } catch (Exception | AssertionError e) {
                // Closing is best effort; the server's idle timeout covers the rest.
            }
        }
    }

    /**
     * kwik's logger, used to see the RESET_STREAM and STOP_SENDING frames (and their codes) that
     * arrive: kwik passes each parsed packet to {@code received} whatever is enabled for logging.
     */
    private static final class FrameRecorder extends BaseLogger {

        private final Map<Integer, CompletableFuture<Long>> resets = new ConcurrentHashMap<>();
        private final Map<Integer, CompletableFuture<Long>> stops = new ConcurrentHashMap<>();

        @Override
        public void received(Instant timeReceived, int level, QuicPacket packet) {
            List<QuicFrame> frames = packet == null ? null : packet.getFrames();
            if (frames != null) {
                for (QuicFrame frame : frames) {
                    if (frame instanceof ResetStreamFrame r) {
                        future(resets, r.getStreamId()).complete(r.getErrorCode());
                    } else if (frame instanceof StopSendingFrame s) {
                        future(stops, s.getStreamId()).complete(s.getErrorCode());
                    }
                }
            }
            super.received(timeReceived, level, packet);
        }

        long resetCode(int streamId) throws Exception {
            return await(future(resets, streamId), "RESET_STREAM", streamId);
        }

        long stopCode(int streamId) throws Exception {
            return await(future(stops, streamId), "STOP_SENDING", streamId);
        }

        private static CompletableFuture<Long> future(Map<Integer, CompletableFuture<Long>> map, int streamId) {
            return map.computeIfAbsent(streamId, id -> new CompletableFuture<>());
        }

        private static long await(CompletableFuture<Long> f, String frame, int streamId) throws Exception {
            try {
                return f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("no " + frame + " for stream " + streamId + " within " + WAIT.toSeconds()
                        + " s; server stderr:\n" + serverLog());
            }
        }

        @Override
        protected void log(String message) {
            System.err.println("kwik client: " + message);
        }

        @Override
        protected void log(String message, Throwable ex) {
            System.err.println("kwik client: " + message + ": " + ex);
        }

        @Override
        protected void logWithHexDump(String message, byte[] data, int length) {
            log(message);
        }

        @Override
        protected void logWithHexDump(String message, ByteBuffer data, int offset, int length) {
            log(message);
        }
    }
}
