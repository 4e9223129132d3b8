package dev.quicperf.quicgo;

import dev.quicperf.adapter.ConnectionStatsLine;
import dev.quicperf.adapter.NativeLaunch;
import dev.quicperf.adapter.Readiness;
import dev.quicperf.adapter.SelfSignedCertificate;
import dev.quicperf.adapter.ServerOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real Go server of a test, started from the implementation's {@link NativeLaunch} on
 * 127.0.0.1, port 0. Closing it ends it whatever happened (SIGTERM, then SIGKILL); a JVM
 * stopped from outside kills it through a shutdown hook.
 */
final class GoServer implements AutoCloseable {

    /** How a stopped server behaved. */
    record Stopped(boolean endedOnSigterm, List<String> stdoutLines, String stderr) {
    }

    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final int port;
    private final Thread hook;

    private GoServer(Process process, Path stdout, Path stderr, int port, Thread hook) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.port = port;
        this.hook = hook;
    }

    static GoServer start(QuicGoImplementation impl, Path dir) throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.create(dir);
        NativeLaunch launch = (NativeLaunch) impl.serverLaunch(
                new ServerOptions("127.0.0.1", 0, cert.certificate(), cert.privateKey()));
        Path out = dir.resolve("server.out");
        Path err = dir.resolve("server.err");
        List<String> argv = new ArrayList<>();
        argv.add(launch.executable().toString());
        argv.addAll(launch.args());
        Process process = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        Thread hook = new Thread(process::destroyForcibly, "go-server-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String first = null;
        while (first == null && process.isAlive() && System.nanoTime() < deadline) {
            String text = Files.readString(out);
            if (text.endsWith("\n")) {
                first = text.lines().findFirst().orElse(null);
            } else {
                Thread.sleep(20);
            }
        }
        if (first == null || Readiness.READY_LINE.port(first).isEmpty()) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            Runtime.getRuntime().removeShutdownHook(hook);
            throw new AssertionError("no readiness line from " + launch.describe() + " (stdout: " + first
                    + "; stderr: " + Files.readString(err) + ")");
        }
        return new GoServer(process, out, err, Readiness.READY_LINE.port(first).getAsInt(), hook);
    }

    int port() {
        return port;
    }

    String stderrText() throws IOException {
        return Files.readString(stderr);
    }

    /** The stats line the server printed for the connection from client UDP port {@code peerPort}, waiting up to 10 s. */
    Optional<ConnectionStatsLine> statsFor(int peerPort) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        do {
            Optional<ConnectionStatsLine> line = Files.readAllLines(stdout).stream().map(ConnectionStatsLine::parse)
                    .flatMap(Optional::stream).filter(s -> s.peerPort() == peerPort).findFirst();
            if (line.isPresent()) {
                return line;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        return Optional.empty();
    }

    /** Waits up to 10 s for {@code text} in the server's stderr. */
    boolean logs(String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        do {
            if (stderrText().contains(text)) {
                return true;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        return false;
    }

    /** SIGTERM, up to 10 s to end, then SIGKILL; says how it went. */
    Stopped stop() throws Exception {
        process.destroy();
        boolean ended = process.waitFor(10, TimeUnit.SECONDS);
        close();
        return new Stopped(ended, Files.readAllLines(stdout), stderrText());
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or has run.
        }
    }
}
