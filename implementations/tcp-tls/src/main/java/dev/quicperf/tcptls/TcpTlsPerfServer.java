package dev.quicperf.tcptls;

import dev.quicperf.adapter.Args;
import dev.quicperf.adapter.IoMode;
import dev.quicperf.adapter.PerfProtocol;
import dev.quicperf.adapter.Readiness;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * The perf exchange over TCP + TLS 1.3, with the JDK's blocking SSLSocket and a thread per
 * connection: {@code --host --port --cert --key [--io nio]}. Prints {@code QUICPERF READY port=<n>}
 * (the TCP port) on stdout once it listens and nothing else there: TCP segments cannot be counted
 * per connection from Java, so there is no stats line. Serves until SIGTERM.
 *
 * <p>A connection carries one request: an 8-byte big-endian length N, the upload, then the
 * client's close_notify and FIN (a half-close, which TLS 1.3 allows); the server drains to that
 * end, answers N pattern bytes and closes (close_notify, FIN). A connection that ends inside the
 * length, or asks for more than {@link PerfProtocol#MAX_RESPONSE_BYTES}, is closed unanswered.
 *
 * <p>Why SSLSocket rather than SSLEngine over NIO: this row stands for the classic TCP + TLS
 * server the study measured (Apache2, a worker thread per connection, blocking I/O), and one
 * download is one connection, which a thread serves best. SSLSocket is the JDK's own record layer, each
 * record encrypted in place and written with one write(2); an SSLEngine loop would add our own
 * buffer shuffling (wrap into a buffer, then write it) and measure that as well.
 */
public final class TcpTlsPerfServer {

    private static final String PROGRAM = "tcp-tls-server";
    /**
     * How long a connection may stay silent before its request is complete (handshake, length,
     * upload): a client that connects and says nothing does not hold a thread for ever. Writes
     * have no timeout in blocking Java sockets; a peer that vanishes resets the connection, and
     * one that stops reading holds its thread until it goes, as in any thread-per-connection
     * server.
     */
    private static final int REQUEST_IDLE_MILLIS = 30_000;
    private static final int READ_CHUNK = 64 << 10;
    private static final int BACKLOG = 1024;

    private final PrintStream log;
    private final SSLServerSocket listener;
    private final PatternChunks pattern = new PatternChunks();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong served = new AtomicLong();
    /**
     * A thread per connection, kept for a minute after its connection ends for the next one. Not
     * only thrift: the harness reads a server's CPU from its threads' run times
     * ({@code /proc/<pid>/task/*}/schedstat, to the nanosecond) and falls back to 10 ms clock
     * ticks when a thread ended inside the interval, which a thread that lived for one download
     * always would.
     */
    private final ExecutorService connectionThreads;
    /** Lines about misbehaving clients: at most 20 a second, whatever a client does. */
    private final PerfProtocol.LogRation misbehaviourLines = new PerfProtocol.LogRation(20);

    private TcpTlsPerfServer(PrintStream log, SSLServerSocket listener) {
        this.log = log;
        this.listener = listener;
        AtomicLong threadIds = new AtomicLong();
        this.connectionThreads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "perf-connection-" + threadIds.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public static void main(String[] argv) {
        PrintStream stdout = System.out;
        // stdout carries the readiness line only.
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
                throw new IllegalArgumentException(PROGRAM + ": --io " + io.id() + ": this server moves its bytes"
                        + " through the JDK's blocking sockets only, so its one I/O mode is " + IoMode.NIO.id());
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

        TcpTlsPerfServer server;
        try {
            SSLContext context = Tls.serverContext(certFile, keyFile);
            SSLServerSocket listener = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
            listener.setSSLParameters(Tls.parameters(context));
            Sockets.tuneListener(listener);
            listener.bind(new InetSocketAddress(address, port), BACKLOG);
            server = new TcpTlsPerfServer(log, listener);
        } catch (Exception e) {
            log.println(PROGRAM + ": cannot start on " + host + ":" + port + ": " + e);
            e.printStackTrace(log);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "tcp-tls-server-shutdown"));

        int actualPort = server.listener.getLocalPort();
        log.println(PROGRAM + ": " + Tls.version() + " listening on " + host + ":" + actualPort + " ("
                + Tls.PROTOCOL + " " + Tls.CIPHER_SUITE + " only, a thread per connection)");
        stdout.println(Readiness.readyLine(actualPort));
        stdout.flush();
        server.acceptUntilClosed();
    }

    private void acceptUntilClosed() {
        while (!listener.isClosed()) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    log.println(PROGRAM + ": accept failed: " + e);
                }
                continue;
            }
            open.add(socket);
            connectionThreads.execute(() -> serve((SSLSocket) socket));
        }
    }

    /** On SIGTERM: stop accepting and drop every open connection; the JVM then ends. */
    private void stop() {
        log.println(PROGRAM + ": stopping (" + open.size() + " open connection(s), " + served.get() + " answered)");
        quietlyClose(listener);
        for (Socket s : open) {
            quietlyClose(s);
        }
        connectionThreads.shutdownNow();
    }

    private void serve(SSLSocket socket) {
        String peer = socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
        try {
            Sockets.tune(socket);
            socket.setSoTimeout(REQUEST_IDLE_MILLIS);
            socket.startHandshake();
            serve(socket, peer);
        } catch (IOException | RuntimeException e) {
            misbehaviour(peer + ": connection failed: " + e);
        } finally {
            open.remove(socket);
            quietlyClose(socket);
        }
    }

    private void serve(SSLSocket socket, String peer) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] header = in.readNBytes(PerfProtocol.HEADER_BYTES);
        if (header.length < PerfProtocol.HEADER_BYTES) {
            misbehaviour(peer + ": request ended after " + header.length + " of " + PerfProtocol.HEADER_BYTES
                    + " length bytes; closed unanswered");
            return;
        }
        long raw = PerfProtocol.rawLength(header);
        if (PerfProtocol.admit(raw) != PerfProtocol.StreamError.OK) {
            // At once, without reading the upload: nothing of it will be answered.
            misbehaviour(peer + ": asks for " + PerfProtocol.describeLength(raw) + " bytes, over the "
                    + PerfProtocol.MAX_RESPONSE_BYTES + " limit; closed unanswered");
            return;
        }
        // The upload is read and dropped, as the perf protocol's servers do.
        byte[] buf = new byte[READ_CHUNK];
        while (in.read(buf) >= 0) {
            // drained
        }
        // The request is whole; from here on the client only reads.
        socket.setSoTimeout(0);
        OutputStream out = socket.getOutputStream();
        byte[] bytes = pattern.bytes();
        for (long offset = 0; offset < raw; ) {
            int len = (int) Math.min(PatternChunks.CHUNK, raw - offset);
            out.write(bytes, PatternChunks.start(offset), len);
            offset += len;
        }
        // close_notify and FIN: the client's end of the response. close() then frees the socket.
        socket.shutdownOutput();
        served.incrementAndGet();
    }

    /** A line about a connection on stderr, within the ration. */
    private void misbehaviour(String line) {
        String admitted = misbehaviourLines.admit(PROGRAM + ": " + line, System.nanoTime());
        if (admitted != null) {
            log.println(admitted);
        }
    }

    private static void quietlyClose(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException | RuntimeException ignored) {
            // Already closed or reset; nothing to do.
        }
    }
}
