package dev.quicperf.kwik;

import dev.quicperf.adapter.Args;
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
import tech.kwik.core.log.Logger;
import tech.kwik.core.server.ApplicationProtocolConnection;
import tech.kwik.core.server.ApplicationProtocolConnectionFactory;
import tech.kwik.core.server.ServerConnectionConfig;
import tech.kwik.core.server.ServerConnector;

/**
 * The perf server on kwik: {@code --host --port --cert --key}. Prints
 * {@code QUICPERF READY port=<n>} on stdout once it listens and nothing else there; serves
 * connections until SIGTERM.
 */
public final class KwikPerfServer {

    private static final String PROGRAM = "kwik-server";
    private static final String KEY_ALIAS = "server";
    private static final char[] KEY_PASSWORD = "quicperf".toCharArray();

    private final PrintStream log;
    private final ServerConnector connector;
    private final DatagramSocket socket;
    private final Set<QuicConnection> connections = ConcurrentHashMap.newKeySet();
    private final ExecutorService streamThreads;
    private final AtomicInteger streamCount = new AtomicInteger();
    private final boolean verbose = Tuning.booleanProperty("verbose", false);

    private KwikPerfServer(PrintStream log, DatagramSocket socket, X509Certificate cert, PrivateKey key) throws Exception {
        this.log = log;
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
                .maxUnidirectionalStreamBufferSize(1 << 20)
                .maxOpenPeerInitiatedBidirectionalStreams(100)
                .maxOpenPeerInitiatedUnidirectionalStreams(0)
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
            Args args = Args.parse(PROGRAM, argv, Set.of("host", "port", "cert", "key"));
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
            server = new KwikPerfServer(log, socket, cert, key);
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

    private final class PerfConnectionFactory implements ApplicationProtocolConnectionFactory {

        @Override
        public ApplicationProtocolConnection createConnection(String protocol, QuicConnection connection) {
            connections.add(connection);
            connection.setConnectionListener(new ConnectionListener() {
                @Override
                public void disconnected(ConnectionTerminatedEvent event) {
                    connections.remove(connection);
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
            return 0;
        }
    }

    private void serve(QuicConnection connection, QuicStream stream) {
        int id = stream.getStreamId();
        streamCount.incrementAndGet();
        if (!stream.isBidirectional()) {
            stream.abortReading(PerfProtocol.StreamError.NOT_IMPLEMENTED.code);
            return;
        }
        long requested;
        long uploaded = 0;
        try {
            InputStream in = stream.getInputStream();
            byte[] header = in.readNBytes(PerfProtocol.HEADER_BYTES);
            if (header.length < PerfProtocol.HEADER_BYTES) {
                log.println(PROGRAM + ": stream " + id + ": FIN after " + header.length + " header bytes; resetting");
                stream.resetStream(PerfProtocol.StreamError.INVALID_DATA.code);
                return;
            }
            try {
                requested = PerfProtocol.responseBytes(header);
            } catch (IllegalArgumentException e) {
                log.println(PROGRAM + ": stream " + id + ": " + e.getMessage() + "; resetting");
                stream.abortReading(PerfProtocol.StreamError.INVALID_DATA.code);
                stream.resetStream(PerfProtocol.StreamError.INVALID_DATA.code);
                return;
            }
            byte[] buf = new byte[Tuning.READ_CHUNK];
            for (int n; (n = in.read(buf)) >= 0; ) {
                uploaded += n;
            }
        } catch (IOException e) {
            log.println(PROGRAM + ": stream " + id + ": reading the request failed: " + e);
            return;
        }

        long start = System.nanoTime();
        StallSafeOutput out = new StallSafeOutput(connection, stream);
        try {
            new PatternWriter().write(out, requested, n -> { });
            out.finish();
        } catch (IOException e) {
            out.release();
            log.println(PROGRAM + ": stream " + id + ": writing " + requested + " bytes failed after "
                    + out.written() + ": " + e);
            return;
        }
        SendStallWatchdog.Watch watch = out.watch();
        // Nudges during short quiet stretches are routine no-ops; a long one is worth a line.
        if (verbose || watch.longestQuietMillis() >= 1000) {
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            log.println(PROGRAM + ": stream " + id + ": upload " + uploaded + " B, response " + requested
                    + " B handed to kwik in " + ms + " ms; stall watchdog nudges " + watch.nudges()
                    + " (followed by progress: " + watch.nudgesFollowedByProgress() + ", longest quiet "
                    + watch.longestQuietMillis() + " ms)" + stats(connection) + "; " + connections.size()
                    + " connection(s) open");
        }
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
