package dev.quicperf.kwik;

import dev.quicperf.adapter.Args;
import dev.quicperf.adapter.ConnectionStatsLine;
import dev.quicperf.adapter.IoMode;
import dev.quicperf.adapter.PemFiles;
import dev.quicperf.adapter.PerfProtocol;
import dev.quicperf.adapter.Readiness;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tech.kwik.core.ConnectionListener;
import tech.kwik.core.ConnectionTerminatedEvent;
import tech.kwik.core.QuicConnection;
import tech.kwik.core.QuicStream;
import tech.kwik.core.Statistics;
import tech.kwik.core.log.Logger;
import tech.kwik.core.server.ApplicationProtocolConnection;
import tech.kwik.core.server.ApplicationProtocolConnectionFactory;
import tech.kwik.core.server.ServerConnection;
import tech.kwik.core.server.ServerConnectionConfig;
import tech.kwik.core.server.ServerConnector;
import tech.kwik.core.server.impl.ServerConnectionImpl;

/**
 * The perf server on kwik: {@code --host --port --cert --key}. Prints
 * {@code QUICPERF READY port=<n>} on stdout once it listens, then a {@link ConnectionStatsLine} as each
 * connection ends, and nothing else there; serves
 * connections until SIGTERM.
 */
public final class KwikPerfServer {

    private static final String PROGRAM = "kwik-server";
    private static final String KEY_ALIAS = "server";
    private static final char[] KEY_PASSWORD = "quicperf".toCharArray();
    /** Unidirectional streams a client may have open at once; each is refused as soon as it arrives. */
    private static final int UNI_STREAMS = 10;
    /** Credit on each: what arrives before our STOP_SENDING is discarded, so a little is enough. */
    private static final long UNI_STREAM_WINDOW = 64 << 10;

    private final PrintStream log;
    /** stdout: the readiness line, then one stats line per connection that ends. */
    private final PrintStream stdout;
    private final ServerConnector connector;
    private final DatagramSocket socket;
    private final Set<QuicConnection> connections = ConcurrentHashMap.newKeySet();
    private final ExecutorService streamThreads;
    private final AtomicInteger streamCount = new AtomicInteger();
    /** Lines about misbehaving streams: at most 20 a second, whatever a client does. */
    private final PerfProtocol.LogRation misbehaviourLines = new PerfProtocol.LogRation(20);
    private final boolean verbose = Tuning.booleanProperty("verbose", false);

    private KwikPerfServer(PrintStream log, PrintStream stdout, DatagramSocket socket, X509Certificate cert,
            PrivateKey key) throws Exception {
        this.log = log;
        this.stdout = stdout;
        this.socket = socket;
        AtomicInteger threadIds = new AtomicInteger();
        this.streamThreads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "perf-stream-" + threadIds.incrementAndGet());
            t.setDaemon(true);
            return t;
        });

        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        keyStore.setKeyEntry(KEY_ALIAS, key, KEY_PASSWORD, new Certificate[] {cert});

        ServerConnectionConfig config = ServerConnectionConfig.builder()
                .maxIdleTimeout(Tuning.IDLE_TIMEOUT_MILLIS)
                .maxConnectionBufferSize(Tuning.SERVER_CONNECTION_RECEIVE_WINDOW)
                .maxBidirectionalStreamBufferSize(Tuning.STREAM_RECEIVE_WINDOW)
                // perf has no unidirectional streams, but a client that opens one gets the draft's
                // answer (STOP_SENDING NOT_IMPLEMENTED) rather than waiting for credit for ever.
                .maxUnidirectionalStreamBufferSize(UNI_STREAM_WINDOW)
                .maxOpenPeerInitiatedBidirectionalStreams(100)
                .maxOpenPeerInitiatedUnidirectionalStreams(UNI_STREAMS)
                // Retry costs a round trip per connection and proves nothing on loopback.
                .retryRequired(ServerConnectionConfig.RetryRequired.Never)
                .connectionIdLength(8)
                .build();
        Logger kwikLog = new StderrLogger(log, "kwik: ");
        connector = ServerConnector.builder()
                .withSocket(socket)
                .withKeyStore(keyStore, KEY_ALIAS, KEY_PASSWORD)
                .withConfiguration(config)
                .withLogger(kwikLog)
                .build();
        connector.registerApplicationProtocol(PerfProtocol.ALPN, new PerfConnectionFactory());
    }

    public static void main(String[] argv) {
        PrintStream stdout = System.out;
        // stdout carries the readiness line only: anything else (kwik included) goes to stderr.
        System.setOut(System.err);
        PrintStream log = System.err;

        String host;
        int port;
        Path certFile;
        Path keyFile;
        InetAddress address;
        try {
            Args args = Args.parse(PROGRAM, argv, Set.of("host", "port", "cert", "key", "io"));
            IoMode io = args.ioMode("io", IoMode.NIO);
            if (io != IoMode.NIO) {
                throw new IllegalArgumentException(PROGRAM + ": --io " + io.id() + ": kwik moves its datagrams through"
                        + " java.net's DatagramSocket only, so its one I/O mode is " + IoMode.NIO.id());
            }
            host = args.string("host");
            port = args.port("port");
            certFile = args.readableFile("cert");
            keyFile = args.readableFile("key");
            try {
                address = InetAddress.getByName(host);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(PROGRAM + ": --host " + host + " is not an address this machine can resolve");
            }
        } catch (IllegalArgumentException e) {
            log.println(e.getMessage());
            System.exit(2);
            return;
        }

        KwikPerfServer server;
        try {
            X509Certificate cert = PemFiles.certificate(certFile);
            PrivateKey key = PemFiles.privateKey(keyFile);
            DatagramSocket socket = new DatagramSocket(null);
            // Buffers before bind, so the first handshake already has them.
            Tuning.applySocketBuffers(socket, log, PROGRAM);
            socket.bind(new InetSocketAddress(address, port));
            server = new KwikPerfServer(log, stdout, socket, cert, key);
        } catch (Exception e) {
            log.println(PROGRAM + ": cannot start on " + host + ":" + port + ": " + e);
            e.printStackTrace(log);
            System.exit(1);
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            stopped.countDown();
        }, "kwik-server-shutdown"));

        server.connector.start();
        int actualPort = server.socket.getLocalPort();
        log.println(PROGRAM + ": kwik " + new KwikImplementation().version() + " listening on "
                + host + ":" + actualPort + " (ALPN " + PerfProtocol.ALPN + ", SO_RCVBUF "
                + receiveBuffer(server.socket) + ", stall watchdog " + (SendStallWatchdog.ENABLED ? "on" : "OFF") + ")");
        stdout.println(Readiness.readyLine(actualPort));
        stdout.flush();

        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String receiveBuffer(DatagramSocket socket) {
        try {
            return Integer.toString(socket.getReceiveBufferSize());
        } catch (IOException e) {
            return "?";
        }
    }

    /** On SIGTERM: tell every client we are going, give it a moment, then let the JVM end. */
    private void stop() {
        long start = System.nanoTime();
        log.println(PROGRAM + ": stopping (" + connections.size() + " open connection(s), "
                + streamCount.get() + " stream(s) served)");
        for (QuicConnection c : connections) {
            try {
                c.close();
            } catch (RuntimeException ignored) {
                // Already closing.
            }
        }
        // ServerConnector.close waits up to 30 s for connections to drain; do not wait that long.
        Thread closer = new Thread(connector::close, "kwik-server-close");
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        streamThreads.shutdownNow();
        log.println(PROGRAM + ": stopped in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
    }

    /** The client's UDP port; kwik's public interface does not expose it, its server connection does. */
    private static int peerPort(QuicConnection connection) {
        return connection instanceof ServerConnectionImpl server && server.getInitialRemoteAddress() != null
                ? server.getInitialRemoteAddress().getPort() : 0;
    }

    private final class PerfConnectionFactory implements ApplicationProtocolConnectionFactory {

        @Override
        public ApplicationProtocolConnection createConnection(String protocol, QuicConnection connection) {
            connections.add(connection);
            connection.setConnectionListener(new ConnectionListener() {
                @Override
                public void disconnected(ConnectionTerminatedEvent event) {
                    connections.remove(connection);
                    Statistics stats = connection.getStats();
                    stdout.println(new ConnectionStatsLine(peerPort(connection), stats.packetsSent(), stats.lostPackets())
                            .format());
                    SendStallWatchdog.instance().forget(connection);
                }
            });
            return new ApplicationProtocolConnection() {
                @Override
                public void acceptPeerInitiatedStream(QuicStream stream) {
                    // kwik calls this on the connection's single callback thread: never block it.
                    streamThreads.execute(() -> serve(connection, stream));
                }
            };
        }

        // perf uses client-opened bidirectional streams only; a client may open several at once.
        @Override
        public int maxConcurrentPeerInitiatedBidirectionalStreams() {
            return 100;
        }

        @Override
        public int maxConcurrentPeerInitiatedUnidirectionalStreams() {
            return UNI_STREAMS;
        }
    }

    private void serve(QuicConnection connection, QuicStream stream) {
        streamCount.incrementAndGet();
        String name = "stream " + stream.getStreamId() + " of " + peer(connection);
        try {
            serve(connection, stream, name);
        } catch (RuntimeException e) {
            // kwik calls on a connection that is going away can throw; that ends this stream only.
            misbehaviour(name + ": failed: " + e);
            quietly(() -> stream.resetStream(PerfProtocol.CANCELLED.code));
        } finally {
            // kwik interrupts a writer blocked on a stream that the peer stopped or that was aborted;
            // the pool thread must not carry that flag into the next stream it serves.
            Thread.interrupted();
        }
    }

    /**
     * One perf stream, with what the draft asks of a server when the client breaks the rules
     * (docs/kwik.md, "Hostile peers"). Every path ends with both directions of the stream closed,
     * reset or stopped, which is when kwik forgets the stream and gives the client its stream credit
     * back.
     */
    private void serve(QuicConnection connection, QuicStream stream, String name) {
        if (!stream.isBidirectional()) {
            // perf has no use for them: STOP_SENDING. kwik sends it only while data is still missing;
            // a stream that arrived whole (FIN included) is simply dropped, which is as good.
            stream.abortReading(PerfProtocol.StreamError.NOT_IMPLEMENTED.code);
            misbehaviour(name + ": unidirectional; STOP_SENDING " + PerfProtocol.StreamError.NOT_IMPLEMENTED);
            return;
        }
        InputStream in = stream.getInputStream();
        long requested;
        long uploaded = 0;
        try {
            byte[] header = in.readNBytes(PerfProtocol.HEADER_BYTES);
            if (header.length < PerfProtocol.HEADER_BYTES) {
                stream.resetStream(PerfProtocol.StreamError.INVALID_DATA.code);
                misbehaviour(name + ": FIN after " + header.length + " of " + PerfProtocol.HEADER_BYTES
                        + " length bytes; RESET_STREAM " + PerfProtocol.StreamError.INVALID_DATA);
                return;
            }
            long raw = PerfProtocol.rawLength(header);
            if (PerfProtocol.admit(raw) != PerfProtocol.StreamError.OK) {
                // At once, without reading the upload: the client learns it need not send it.
                stream.abortReading(PerfProtocol.StreamError.REJECTED.code);
                stream.resetStream(PerfProtocol.StreamError.REJECTED.code);
                misbehaviour(name + ": asks for " + PerfProtocol.describeLength(raw) + " bytes, over the "
                        + PerfProtocol.MAX_RESPONSE_BYTES + " limit; STOP_SENDING and RESET_STREAM "
                        + PerfProtocol.StreamError.REJECTED);
                return;
            }
            requested = raw;
            byte[] buf = new byte[Tuning.READ_CHUNK];
            for (int n; (n = in.read(buf)) >= 0; ) {
                uploaded += n;
            }
        } catch (IOException e) {
            // The client reset its request (kwik: "Stream reset by peer") or the connection went away
            // ("Connection closed"). Nothing to answer: reset the response rather than leave it open.
            quietly(() -> stream.resetStream(PerfProtocol.CANCELLED.code));
            misbehaviour(name + ": request ended after " + uploaded + " upload bytes without a FIN (" + e.getMessage()
                    + "); RESET_STREAM " + PerfProtocol.CANCELLED);
            return;
        }

        long start = System.nanoTime();
        StallSafeOutput out = new StallSafeOutput(connection, stream);
        try {
            new PatternWriter().write(out, requested, n -> { });
            out.finish();
        } catch (IOException e) {
            // The client sent STOP_SENDING (kwik has already reset the stream with the client's code and
            // woken us: "output stream is reset" / "write failed because stream was reset"), or the
            // connection closed or timed out ("aborted"). Stop writing; kwik drops what it buffered.
            out.release();
            quietly(() -> stream.resetStream(PerfProtocol.CANCELLED.code)); // a no-op when already reset
            misbehaviour(name + ": response abandoned after " + out.written() + " of " + requested + " bytes ("
                    + e.getMessage() + ")");
            return;
        }
        SendStallWatchdog.Watch watch = out.watch();
        // Nudges during short quiet stretches are routine no-ops; a long one is worth a line.
        if (verbose || watch.longestQuietMillis() >= 1000) {
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            log.println(PROGRAM + ": " + name + ": upload " + uploaded + " B, response " + requested
                    + " B handed to kwik in " + ms + " ms; stall watchdog nudges " + watch.nudges()
                    + " (followed by progress: " + watch.nudgesFollowedByProgress() + ", longest quiet "
                    + watch.longestQuietMillis() + " ms)" + stats(connection) + "; " + connections.size()
                    + " connection(s) open");
        }
    }

    /** A line about a misbehaving stream on stderr, within the ration. */
    private void misbehaviour(String line) {
        String admitted = misbehaviourLines.admit(PROGRAM + ": " + line, System.nanoTime());
        if (admitted != null) {
            log.println(admitted);
        }
    }

    private static void quietly(Runnable kwikCall) {
        try {
            kwikCall.run();
        } catch (RuntimeException ignored) {
            // The connection is already gone.
        }
    }

    private static String peer(QuicConnection connection) {
        if (connection instanceof ServerConnection c) {
            InetSocketAddress a = c.getInitialRemoteAddress();
            if (a != null) {
                return a.getAddress().getHostAddress() + ":" + a.getPort();
            }
        }
        return "?";
    }

    private static String stats(QuicConnection connection) {
        try {
            var s = connection.getStats();
            return "; connection: " + s.packetsSent() + " packets sent, " + s.lostPackets() + " lost, srtt " + s.smoothedRtt() + " ms";
        } catch (RuntimeException e) {
            return "";
        }
    }
}
