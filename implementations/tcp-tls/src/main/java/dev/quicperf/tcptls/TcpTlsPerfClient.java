package dev.quicperf.tcptls;

import dev.quicperf.adapter.Args;
import dev.quicperf.adapter.ClientReport;
import dev.quicperf.adapter.PerfProtocol;
import dev.quicperf.adapter.PhaseMarks;
import dev.quicperf.adapter.ResponseVerifier;
import dev.quicperf.adapter.cpu.ProcessCpu;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * The perf client over TCP + TLS 1.3: {@code --host --port --bytes --upload --timeout-ms
 * --warmup-bytes}. Connects, completes the handshake, sends the length and the upload, half-closes
 * (close_notify and FIN), then reads and verifies the response to its end, and prints exactly one
 * {@link ClientReport} JSON line on stdout. A warm-up download, when asked for, goes first on a
 * connection of its own, outside the phase marks. Exit 0 when the response arrived complete and
 * verified, 1 on any failure or timeout (still with a report), 2 on bad arguments.
 */
public final class TcpTlsPerfClient {

    private static final String PROGRAM = "tcp-tls-client";
    private static final int READ_CHUNK = 64 << 10;

    private enum Phase {
        CONNECTING("during connect and handshake"),
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

    // Written by the transfer thread, read by main after it or at the deadline.
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
    private volatile int localPort;
    /** What the handshake agreed on, for the log line after the run. */
    private volatile String negotiated = "no session";
    private volatile String failure;
    private volatile SSLSocket socket;

    private TcpTlsPerfClient(PrintStream log, String host, int port, long requested, long uploadBytes, long timeoutMillis,
            boolean timed) {
        this.log = log;
        this.host = host;
        this.port = port;
        this.requested = requested;
        this.uploadBytes = uploadBytes;
        this.timeoutMillis = timeoutMillis;
        this.timed = timed;
    }

    public static void main(String[] argv) {
        PrintStream stdout = System.out;
        // stdout carries the report only.
        System.setOut(System.err);
        PrintStream log = System.err;

        TcpTlsPerfClient client;
        TcpTlsPerfClient warmup = null;
        try {
            Args args = Args.parse(PROGRAM, argv, Set.of("host", "port", "bytes", "upload", "timeout-ms", "warmup-bytes"));
            long timeoutMillis = args.longValue("timeout-ms", 1, 30_000);
            client = new TcpTlsPerfClient(log, args.string("host"), args.port("port"), args.longValue("bytes", 0),
                    args.longValue("upload", 0, 0), timeoutMillis, true);
            long warmupBytes = args.longValue("warmup-bytes", 0, 0);
            if (warmupBytes > 0) {
                warmup = new TcpTlsPerfClient(log, client.host, client.port, warmupBytes, 0, timeoutMillis, false);
            }
        } catch (IllegalArgumentException e) {
            log.println(e.getMessage());
            System.exit(2);
            return;
        }

        ClientReport report = warmup == null ? null : warmup.run();
        if (report == null || report.ok()) {
            report = client.run();
        } else {
            report = new ClientReport(ClientReport.SCHEMA, TcpTlsImplementation.ID, Tls.version(), false,
                    client.requested, 0, 0, 0, 0, 0, 0, -1, 0,
                    "warm-up download of " + warmup.requested + " bytes failed: " + report.error());
        }
        stdout.println(report.toJson());
        stdout.flush();
        if (!report.ok()) {
            log.println(PROGRAM + ": " + report.error());
        }
        System.exit(report.ok() ? 0 : 1);
    }

    private ClientReport run() {
        SSLContext context;
        try {
            context = Tls.clientContext();
        } catch (GeneralSecurityException e) {
            return failed("cannot set up TLS: " + e);
        }
        // One-time set-up outside what we measure: the pattern table, the request header.
        new ResponseVerifier(1).accept(new byte[1], 0, 1);
        PerfProtocol.header(requested);
        if (timed) {
            PhaseMarks.begin(log);
        }
        cpu0 = ProcessCpu.mark();
        t0 = System.nanoTime();
        Thread transfer = new Thread(() -> transfer(context), "perf-transfer");
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
            error = "timeout after " + timeoutMillis + " ms " + progress();
        } else {
            error = failure;
        }
        closeQuietly();
        log.println(PROGRAM + ": " + (timed ? "" : "warm-up ") + "connection from local port " + localPort + ": "
                + negotiated);
        boolean ok = error == null;
        if (ok) {
            end = t3;
            cpuEnd = cpuAtT3;
        }
        long handshake = t1 != 0 ? t1 - t0 : 0;
        long transferNanos = t2 != 0 ? (t3 != 0 ? t3 : end) - t2 : 0;
        return new ClientReport(ClientReport.SCHEMA, TcpTlsImplementation.ID, Tls.version(), ok, requested, received,
                verified, uploaded, handshake, transferNanos, end - t0, cpuEnd, localPort, error);
    }

    private ClientReport failed(String error) {
        return new ClientReport(ClientReport.SCHEMA, TcpTlsImplementation.ID, Tls.version(), false, requested, 0, 0, 0,
                0, 0, 0, -1, 0, error);
    }

    private void transfer(SSLContext context) {
        try {
            SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket();
            socket = s;
            s.setSSLParameters(Tls.parameters(context));
            Sockets.tune(s);
            s.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeoutMillis));
            localPort = s.getLocalPort();
            s.startHandshake();
            t1 = System.nanoTime();
            negotiated = s.getSession().getProtocol() + " " + s.getSession().getCipherSuite();
            phase = Phase.SENDING;

            OutputStream out = s.getOutputStream();
            t2 = System.nanoTime();
            out.write(PerfProtocol.header(requested));
            upload(out);
            // close_notify and FIN: the end of the request. TLS 1.3 lets the response still come.
            s.shutdownOutput();

            phase = Phase.RECEIVING;
            receive(s.getInputStream());
        } catch (Throwable e) {
            failure = describe(e) + " " + progress();
        }
    }

    private void upload(OutputStream out) throws IOException {
        PatternChunks pattern = new PatternChunks();
        byte[] bytes = pattern.bytes();
        for (long offset = 0; offset < uploadBytes; ) {
            int len = (int) Math.min(PatternChunks.CHUNK, uploadBytes - offset);
            out.write(bytes, PatternChunks.start(offset), len);
            offset += len;
            uploaded = offset;
        }
    }

    private void receive(InputStream in) throws IOException {
        ResponseVerifier verifier = new ResponseVerifier(requested);
        byte[] buf = new byte[READ_CHUNK];
        for (int n; (n = in.read(buf, 0, buf.length)) >= 0; ) {
            verifier.accept(buf, 0, n);
            received = verifier.received();
            verified = verifier.verified();
            if (received > requested) {
                break;
            }
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

    /** Where the transfer stood, for an error message. */
    private String progress() {
        Phase p = phase;
        StringBuilder m = new StringBuilder(p.words);
        if (p == Phase.CONNECTING) {
            return m.append(" with ").append(host).append(':').append(port).toString();
        }
        m.append(": received ").append(received).append(" of ").append(requested).append(" bytes");
        if (p == Phase.SENDING || uploadBytes > 0) {
            m.append(", uploaded ").append(uploaded).append(" of ").append(uploadBytes).append(" bytes");
        }
        return m.toString();
    }

    private void closeQuietly() {
        SSLSocket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException | RuntimeException ignored) {
                // The report is what counts now.
            }
        }
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }
}
