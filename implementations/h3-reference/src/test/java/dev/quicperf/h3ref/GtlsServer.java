package dev.quicperf.h3ref;

import dev.quicperf.adapter.SelfSignedCertificate;
import dev.quicperf.adapter.testing.ServerProcess;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * ngtcp2's example HTTP/3 server (Debian's ngtcp2-server, GnuTLS build) on 127.0.0.1 for a test:
 * a fresh self-signed certificate, an empty document root (so that a path it does not generate is
 * a 404, never a file that happens to be there) and a free port. It prints "Using document root"
 * on stderr once it listens. Closing it ends the process, whatever the test did; a shutdown hook
 * does the same if the test JVM is stopped from outside.
 */
final class GtlsServer implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/sbin/gtlsserver");

    private static final String LISTENING = "Using document root";

    private final Process process;
    private final Path stderr;
    private final int port;
    private final Thread cleanup;

    private GtlsServer(Process process, Path stderr, int port) {
        this.process = process;
        this.stderr = stderr;
        this.port = port;
        this.cleanup = new Thread(process::destroyForcibly, "gtlsserver-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /** Why the server cannot run here, or empty. */
    static Optional<String> unavailableBecause() {
        return Files.isExecutable(BINARY) ? Optional.empty()
                : Optional.of(BINARY + " is not installed (Debian package ngtcp2-server): h3 reference tests skipped");
    }

    /**
     * Starts the server with {@code options} (e.g. {@code --max-dyn-length=2G}) and waits up to
     * 10 s until it listens. A port taken between our probe and its bind makes it exit; we then
     * try another port, up to three times.
     */
    static GtlsServer start(Path dir, String... options) throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.create(dir);
        Path docroot = Files.createDirectories(dir.resolve("htdocs"));
        String failure = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            int port = freeUdpPort();
            List<String> argv = new ArrayList<>(List.of(BINARY.toString(), "--quiet", "--htdocs=" + docroot));
            argv.addAll(List.of(options));
            argv.addAll(List.of("127.0.0.1", Integer.toString(port), cert.privateKey().toString(),
                    cert.certificate().toString()));
            Path err = dir.resolve("gtlsserver-" + port + ".err");
            Process process = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(err.toFile()).start();
            GtlsServer server = new GtlsServer(process, err, port);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (process.isAlive() && System.nanoTime() < deadline) {
                if (ServerProcess.read(err).contains(LISTENING)) {
                    return server;
                }
                Thread.sleep(20);
            }
            failure = "gtlsserver " + String.join(" ", argv) + (process.isAlive() ? " did not say it listens in 10 s"
                    : " exited with " + process.exitValue()) + "; stderr: " + ServerProcess.read(err);
            server.close();
        }
        throw new AssertionError(failure);
    }

    /** A UDP port nobody listened on a moment ago. */
    static int freeUdpPort() throws IOException {
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    String stderrText() {
        return ServerProcess.read(stderr);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM, up to 5 s, then SIGKILL. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // The hook runs anyway; the process is gone.
        }
    }
}
