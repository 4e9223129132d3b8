package dev.quicperf.tcptls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quicperf.adapter.JvmLaunch;
import dev.quicperf.adapter.PerfProtocol;
import dev.quicperf.adapter.ResponseVerifier;
import dev.quicperf.adapter.SelfSignedCertificate;
import dev.quicperf.adapter.ServerOptions;
import dev.quicperf.adapter.testing.ServerProcess;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our TCP + TLS server (a separate JVM from its Launch) against clients in this JVM that break the
 * perf exchange or the TLS settings. After each, a normal download must still come back whole.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TcpTlsHostilePeerTest {

    private static final TcpTlsImplementation TCP_TLS = new TcpTlsImplementation();
    private static final int WAIT_MILLIS = 10_000;

    @TempDir
    static Path dir;

    private static ServerProcess server;

    @BeforeAll
    static void startServer() throws Exception {
        server = ServerProcess.startOnLoopback(TCP_TLS, dir);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            assertThat(server.stop().endedOnSigterm()).isTrue();
        }
    }

    @AfterEach
    void serverStillAnswersAWholeDownload() throws Exception {
        assertThat(download(1_000_000).complete()).as("a normal download after the test (server stderr: %s)",
                server.stderrText()).isTrue();
    }

    @ParameterizedTest(name = "length {0}")
    @ValueSource(longs = {PerfProtocol.MAX_RESPONSE_BYTES + 1, Long.MIN_VALUE, -1})
    void aLengthOverTheLimitIsClosedUnanswered(long rawLength) throws Exception {
        try (SSLSocket s = connect()) {
            s.getOutputStream().write(ByteBuffer.allocate(8).putLong(rawLength).array());
            s.getOutputStream().flush();
            // No half-close: the server must not wait for the upload before refusing.
            assertThat(bytesUntilClosed(s)).isZero();
        }
        awaitServerLog("bytes, over the " + PerfProtocol.MAX_RESPONSE_BYTES + " limit; closed unanswered");
    }

    @Test
    void aRequestEndingInsideTheLengthIsClosedUnanswered() throws Exception {
        try (SSLSocket s = connect()) {
            s.getOutputStream().write(new byte[] {0, 0, 1});
            s.shutdownOutput();
            assertThat(bytesUntilClosed(s)).isZero();
        }
        awaitServerLog("request ended after 3 of 8 length bytes; closed unanswered");
    }

    @Test
    void aClientVanishingMidResponseFreesItsConnection() throws Exception {
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress("127.0.0.1", server.port()), WAIT_MILLIS);
        SSLContext context = Tls.clientContext();
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(plain, "127.0.0.1", server.port(), true);
        s.setSSLParameters(Tls.parameters(context));
        s.getOutputStream().write(PerfProtocol.header(100_000_000_000L));
        s.shutdownOutput();
        InputStream in = s.getInputStream();
        byte[] buf = new byte[64 << 10];
        long read = 0;
        while (read < 1_000_000) {
            read += in.read(buf);
        }
        // An abortive close (RST), as when the client process is killed.
        plain.setSoLinger(true, 0);
        plain.close();
        awaitServerLog("connection failed");
    }

    @Test
    void aSilentClientDoesNotHoldUpOthers() throws Exception {
        try (Socket silent = new Socket()) {
            silent.connect(new InetSocketAddress("127.0.0.1", server.port()), WAIT_MILLIS);
            assertThat(download(2_000_000).complete()).isTrue();
        }
    }

    @Test
    void aClientWithoutTls13IsRefused() throws Exception {
        SSLContext context = SSLContext.getInstance("TLSv1.2");
        context.init(null, null, null);
        SSLParameters p = context.getDefaultSSLParameters();
        p.setProtocols(new String[] {"TLSv1.2"});
        assertThatThrownBy(() -> handshake(context, p)).isInstanceOf(SSLException.class);
    }

    @Test
    void aClientWithoutAes128GcmIsRefused() throws Exception {
        SSLContext context = Tls.clientContext();
        SSLParameters p = Tls.parameters(context);
        p.setCipherSuites(new String[] {"TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"});
        assertThatThrownBy(() -> handshake(context, p)).isInstanceOf(SSLException.class);
    }

    @Test
    void anIoModeOtherThanNioIsRefusedAtStart() throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.create(Files.createTempDirectory(dir, "cert"));
        JvmLaunch launch = (JvmLaunch) TCP_TLS.serverLaunch(new ServerOptions("127.0.0.1", 0, cert.certificate(),
                cert.privateKey(), Optional.of(dev.quicperf.adapter.IoMode.EPOLL)));
        ClientProcess run = ClientProcess.run(launch, Duration.ofSeconds(20), dir);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).contains("--io epoll").contains("its one I/O mode is nio");
    }

    private static void handshake(SSLContext context, SSLParameters p) throws IOException {
        try (SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket()) {
            s.setSSLParameters(p);
            s.connect(new InetSocketAddress("127.0.0.1", server.port()), WAIT_MILLIS);
            s.setSoTimeout(WAIT_MILLIS);
            s.startHandshake();
        }
    }

    private static SSLSocket connect() throws Exception {
        SSLContext context = Tls.clientContext();
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket();
        s.setSSLParameters(Tls.parameters(context));
        s.connect(new InetSocketAddress("127.0.0.1", server.port()), WAIT_MILLIS);
        s.setSoTimeout(WAIT_MILLIS);
        s.startHandshake();
        return s;
    }

    /** Response bytes read until the server closed (end of stream, or an error the close caused). */
    private static long bytesUntilClosed(SSLSocket s) throws IOException {
        long n = 0;
        byte[] buf = new byte[4096];
        try {
            for (int r; (r = s.getInputStream().read(buf)) >= 0; ) {
                n += r;
            }
        } catch (java.net.SocketTimeoutException e) {
            throw new AssertionError("the server kept the connection open for " + WAIT_MILLIS + " ms", e);
        } catch (IOException closedAbruptly) {
            // A reset counts as closed: what matters is that nothing was answered.
        }
        return n;
    }

    private static ResponseVerifier download(long bytes) throws Exception {
        try (SSLSocket s = connect()) {
            s.getOutputStream().write(PerfProtocol.header(bytes));
            s.shutdownOutput();
            ResponseVerifier verifier = new ResponseVerifier(bytes);
            byte[] buf = new byte[64 << 10];
            for (int n; (n = s.getInputStream().read(buf)) >= 0; ) {
                verifier.accept(buf, 0, n);
            }
            return verifier;
        }
    }

    private static void awaitServerLog(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        while (!server.stderrText().contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(server.stderrText()).contains(text);
    }

}
