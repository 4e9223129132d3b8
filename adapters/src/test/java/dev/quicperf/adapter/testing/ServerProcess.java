package dev.quicperf.adapter.testing;

import dev.quicperf.adapter.JvmLaunch;
import dev.quicperf.adapter.Readiness;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A module test's own server process, started from an implementation's {@link JvmLaunch}.
 * Implementation modules may not depend on environments/, so their tests share this small
 * launcher instead (shipped as the adapters test-jar).
 */
public final class ServerProcess {

    /** How a stopped server behaved: alive until asked, ended on SIGTERM, and what it printed on stdout. */
    public record Stopped(boolean wasAlive, boolean endedOnSigterm, List<String> stdoutLines) {
    }

    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final int port;

    private ServerProcess(Process process, Path stdout, Path stderr, int port) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.port = port;
    }

    /**
     * Starts an implementation's own server on 127.0.0.1 with a fresh self-signed certificate in
     * {@code dir}, as the suite would.
     */
    public static ServerProcess startOnLoopback(dev.quicperf.adapter.Implementation impl, Path dir) throws Exception {
        dev.quicperf.adapter.SelfSignedCertificate cert = dev.quicperf.adapter.SelfSignedCertificate.create(dir);
        return start((JvmLaunch) impl.serverLaunch(new dev.quicperf.adapter.ServerOptions("127.0.0.1", 0,
                cert.certificate(), cert.privateKey())), List.of(), dir);
    }

    /**
     * Starts the server with {@code extraFlags} after its own JVM flags, logs in {@code dir}, and
     * waits up to 30 s for its readiness line.
     *
     * @throws AssertionError with the server's stderr when it never gets ready
     */
    public static ServerProcess start(JvmLaunch launch, List<String> extraFlags, Path dir) throws Exception {
        List<String> flags = new ArrayList<>(launch.jvmFlags());
        flags.addAll(extraFlags);
        Path out = dir.resolve("server.out");
        Path err = dir.resolve("server.err");
        Process process = new ProcessBuilder(argv(flags, launch.classpath(), launch.mainClass(), launch.args()))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        // A test JVM stopped from outside (Ctrl-C, a CI timeout) must not leave its server running.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "server-process-cleanup"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String first = null;
        while (first == null && process.isAlive() && System.nanoTime() < deadline) {
            String text = Files.readString(out);
            if (text.endsWith("\n")) {
                first = text.lines().findFirst().orElse(null);
            } else {
                Thread.sleep(50);
            }
        }
        if (first == null || Readiness.READY_LINE.port(first).isEmpty()) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw new AssertionError("no readiness line from the server (stdout: " + first + "; stderr: " + read(err) + ")");
        }
        return new ServerProcess(process, out, err, Readiness.READY_LINE.port(first).getAsInt());
    }

    public int port() {
        return port;
    }

    public Process process() {
        return process;
    }

    public Path stderr() {
        return stderr;
    }

    public String stderrText() {
        return read(stderr);
    }

    /** SIGTERM, up to 10 s to end, then SIGKILL; says how it went so the test can assert it. */
    public Stopped stop() throws Exception {
        boolean wasAlive = process.isAlive();
        process.destroy();
        boolean ended = process.waitFor(10, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        return new Stopped(wasAlive, ended, Files.readAllLines(stdout));
    }

    /** A java command line with the JVM running this test. */
    public static List<String> argv(List<String> jvmFlags, List<Path> classpath, String mainClass, List<String> args) {
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        argv.addAll(jvmFlags);
        argv.add("-cp");
        argv.add(String.join(File.pathSeparator, classpath.stream().map(Path::toString).toList()));
        argv.add(mainClass);
        argv.addAll(args);
        return argv;
    }

    /** Where a class's code lives, to add a test-only main to a launch's classpath. */
    public static Path codeOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** A log file's text, or why it cannot be read; for assertion messages. */
    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
