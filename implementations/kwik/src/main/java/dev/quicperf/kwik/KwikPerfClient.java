package dev.quicperf.kwik;

import dev.quicperf.adapter.Args;
import dev.quicperf.adapter.ClientReport;
import dev.quicperf.adapter.PerfProtocol;
import dev.quicperf.adapter.PhaseMarks;
import dev.quicperf.adapter.ResponseVerifier;
import dev.quicperf.adapter.cpu.ProcessCpu;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import tech.kwik.core.QuicClientConnection;
import tech.kwik.core.QuicStream;

/**
 * The perf client on kwik: {@code --host --port --bytes --upload --timeout-ms --warmup-bytes}.
 * Opens one connection and one bidirectional stream, uploads, downloads and verifies, and prints
 * exactly one {@link ClientReport} JSON line on stdout. A warm-up download, when asked for, goes
 * first on a connection of its own, outside the phase marks. Exit 0 when the response arrived complete and
 * verified, 1 on any failure or timeout (still with a report), 2 on bad arguments.
 */
public final class KwikPerfClient {

    private static final String PROGRAM = "kwik-client";

    private enum Phase {
        CONNECTING("during the handshake"),
        SENDING("while sending the request"),
        RECEIVING("while receiving the response"),
        DONE("after the response");

        final String words;

        Phase(String words) {
            this.words = words;
        }
    }

    private final PrintStream log;
    private final String host;
    private final int port;
    private final long requested;
    private final long uploadBytes;
    private final long timeoutMillis;
    /** Only the timed download prints the {@link PhaseMarks}; a warm-up does not. */
    private final boolean timed;
    private final String version = new KwikImplementation().version();

    // Written by the transfer thread, read by main at the deadline.
    private volatile Phase phase = Phase.CONNECTING;
    private volatile long t0;
    private volatile long t1;
    private volatile long t2;
    private volatile long t3;
    private volatile long cpuAtT3 = -1;
    private ProcessCpu.Mark cpu0;
    private volatile long received;
    private volatile long verified;
    private volatile long uploaded;
    private volatile long lastProgressAt;
    private volatile int localPort;
    private volatile String failure;
    private volatile QuicClientConnection connection;
    private PatternWriter patternWriter;
    private LongConsumer uploadProgress;

    private KwikPerfClient(PrintStream log, String host, int port, long requested, long uploadBytes, long timeoutMillis,
            boolean timed) {
        this.log = log;
        this.timed = timed;
        this.host = host;
        this.port = port;
        this.requested = requested;
        this.uploadBytes = uploadBytes;
        this.timeoutMillis = timeoutMillis;
    }

    public static void main(String[] argv) {
        PrintStream stdout = System.out;
        // stdout carries the report only: anything else (kwik's certificate warning included) goes to stderr.
        System.setOut(System.err);
        System.setProperty("tech.kwik.core.no-security-warnings", "true");
        PrintStream log = System.err;

        KwikPerfClient client;
        KwikPerfClient warmup = null;
        try {
            Args args = Args.parse(PROGRAM, argv, Set.of("host", "port", "bytes", "upload", "timeout-ms",
                    "warmup-bytes"));
            long timeoutMillis = args.longValue("timeout-ms", 1, 30_000);
            client = new KwikPerfClient(log, args.string("host"), args.port("port"),
                    args.longValue("bytes", 0), args.longValue("upload", 0, 0), timeoutMillis, true);
            long warmupBytes = args.longValue("warmup-bytes", 0, 0);
            if (warmupBytes > 0) {
                warmup = new KwikPerfClient(log, client.host, client.port, warmupBytes, 0, timeoutMillis, false);
            }
        } catch (IllegalArgumentException e) {
            log.println(e.getMessage());
            System.exit(2);
            return;
        }

        ClientReport report = warmup == null ? null : warmup.run();
        if (warmup != null) {
            warmup.closeConnection();
        }
        if (report == null || report.ok()) {
            report = client.run();
        } else {
            report = new ClientReport(ClientReport.SCHEMA, KwikImplementation.ID, client.version, false,
                    client.requested, 0, 0, 0, 0, 0, 0, -1, 0,
                    "warm-up download of " + warmup.requested + " bytes failed: " + report.error());
        }
        stdout.println(report.toJson());
        stdout.flush();
        if (!report.ok()) {
            log.println(PROGRAM + ": " + report.error());
        }
        client.closeConnection();
        System.exit(report.ok() ? 0 : 1);
    }

    private ClientReport run() {
        // Our own one-time set-up is not part of what we measure: the payload pattern's table, and
        // loading and linking our classes and lambdas (tens of milliseconds in a fresh JVM).
        new ResponseVerifier(1).accept(new byte[1], 0, 1);
        SenderKick.prepare();
        patternWriter = new PatternWriter();
        uploadProgress = this::uploadProgressed;
        PerfProtocol.header(requested);
        if (timed) {
            PhaseMarks.begin(log);
        }
        cpu0 = ProcessCpu.mark();
        t0 = System.nanoTime();
        lastProgressAt = t0;
        Thread transfer = new Thread(this::transfer, "perf-transfer");
        transfer.setDaemon(true);
        transfer.start();
        try {
            transfer.join(timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long end = System.nanoTime();
        long cpuEnd = cpu0.nanosUsed();

        String error;
        if (transfer.isAlive()) {
            error = timeoutMessage(end);
        } else if (failure != null) {
            error = failure;
        } else {
            error = null;
        }
        boolean ok = error == null;
        if (ok) {
            end = t3;
            cpuEnd = cpuAtT3;
        }
        long handshake = t1 != 0 ? t1 - t0 : 0;
        long transferNanos = t2 != 0 ? (t3 != 0 ? t3 : end) - t2 : 0;
        long cpu = cpuEnd;
        return new ClientReport(ClientReport.SCHEMA, KwikImplementation.ID, version, ok,
                requested, received, verified, uploaded, handshake, transferNanos, end - t0, cpu, localPort, error);
    }

    private String timeoutMessage(long now) {
        Phase p = phase;
        StringBuilder m = new StringBuilder("timeout after ").append(timeoutMillis).append(" ms ").append(p.words);
        if (p == Phase.CONNECTING) {
            m.append(": handshake with ").append(host).append(':').append(port).append(" not complete");
            return m.toString();
        }
        m.append(": received ").append(received).append(" of ").append(requested).append(" bytes");
        if (p == Phase.SENDING || uploadBytes > 0) {
            m.append(", uploaded ").append(uploaded).append(" of ").append(uploadBytes).append(" bytes");
        }
        long quietMillis = TimeUnit.NANOSECONDS.toMillis(now - lastProgressAt);
        if (quietMillis >= 1000) {
            m.append("; transfer stalled: no ").append(p == Phase.SENDING ? "upload progress" : "response bytes")
                    .append(" for the last ").append(quietMillis).append(" ms");
        }
        return m.toString();
    }

    private void transfer() {
        try {
            connect();
            t1 = System.nanoTime();
            lastProgressAt = t1;
            phase = Phase.SENDING;

            QuicStream stream = connection.createStream(true);
            StallSafeOutput out = new StallSafeOutput(connection, stream);
            try {
                t2 = System.nanoTime();
                byte[] header = PerfProtocol.header(requested);
                out.write(header, 0, header.length);
                patternWriter.write(out, uploadBytes, uploadProgress);
                out.finish();

                phase = Phase.RECEIVING;
                lastProgressAt = System.nanoTime();
                receive(stream.getInputStream(), out);
            } finally {
                out.release();
            }
        } catch (Throwable e) {
            failure = failureMessage(e);
        }
    }

    private void uploadProgressed(long bytes) {
        uploaded = bytes;
        lastProgressAt = System.nanoTime();
    }

    private void connect() throws IOException {
        long remaining = timeoutMillis - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        QuicClientConnection c = QuicClientConnection.newBuilder()
                .host(host)
                .port(port)
                .applicationProtocol(PerfProtocol.ALPN)
                // The harness makes a self-signed certificate per run; there is nothing to verify it against.
                .noServerCertificateCheck()
                .connectTimeout(Duration.ofMillis(Math.max(1, remaining)))
                .maxIdleTimeout(Duration.ofMillis(Tuning.IDLE_TIMEOUT_MILLIS))
                // Stream window (connection window = 10x, kwik's rule); bounds what kwik buffers for us.
                .defaultStreamReceiveBufferSize(Tuning.STREAM_RECEIVE_WINDOW)
                .socketFactory(destination -> {
                    DatagramSocket s = new DatagramSocket();
                    localPort = s.getLocalPort();
                    Tuning.applySocketBuffers(s, log, PROGRAM);
                    return s;
                })
                .logger(new StderrLogger(log, "kwik: "))
                .build();
        connection = c;
        c.connect();
    }

    private void receive(InputStream in, StallSafeOutput upload) throws IOException {
        ResponseVerifier verifier = new ResponseVerifier(requested);
        byte[] buf = new byte[Tuning.READ_CHUNK];
        boolean first = true;
        for (int n; (n = in.read(buf, 0, buf.length)) >= 0; ) {
            if (first) {
                // The server answers after it read our FIN: the upload is through.
                upload.release();
                first = false;
            }
            verifier.accept(buf, 0, n);
            received = verifier.received();
            verified = verifier.verified();
            lastProgressAt = System.nanoTime();
        }
        t3 = System.nanoTime();
        cpuAtT3 = cpu0.nanosUsed();
        if (timed) {
            log.println(PhaseMarks.END);
        }
        phase = Phase.DONE;
        String problem = verifier.problem();
        if (problem != null) {
            failure = problem;
        }
    }

    private String failureMessage(Throwable e) {
        Phase p = phase;
        StringBuilder m = new StringBuilder(describe(e)).append(' ').append(p.words);
        if (p == Phase.CONNECTING) {
            m.append(" with ").append(host).append(':').append(port);
        } else {
            m.append(": received ").append(received).append(" of ").append(requested).append(" bytes");
            if (p == Phase.SENDING || uploadBytes > 0) {
                m.append(", uploaded ").append(uploaded).append(" of ").append(uploadBytes).append(" bytes");
            }
            long quietMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastProgressAt);
            if (quietMillis >= 1000) {
                m.append("; no progress for the last ").append(quietMillis).append(" ms before that");
            }
        }
        return m.toString();
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }

    private void closeConnection() {
        QuicClientConnection c = connection;
        if (c == null) {
            return;
        }
        // Send CONNECTION_CLOSE so the server frees the connection now rather than at its idle timeout;
        // wait for it briefly only, the report is already out.
        Thread closer = new Thread(() -> c.closeAndWait(Duration.ofMillis(200)), "perf-close");
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
