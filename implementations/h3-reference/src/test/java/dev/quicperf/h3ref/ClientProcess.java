package dev.quicperf.h3ref;

import dev.quicperf.adapter.JvmLaunch;
import dev.quicperf.adapter.testing.ServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of our client mains in its own JVM from its launch, as the suite would, and keeps what
 * it printed. A client that outlives its deadline is killed and the test fails with its stderr.
 */
record ClientProcess(int exit, String stdout, String stderr, Duration wall) {

    static ClientProcess run(JvmLaunch launch, Duration deadline, Path dir) throws Exception {
        Path out = Files.createTempFile(dir, "client", ".out");
        Path err = Files.createTempFile(dir, "client", ".err");
        long start = System.nanoTime();
        Process process = new ProcessBuilder(
                ServerProcess.argv(launch.jvmFlags(), launch.classpath(), launch.mainClass(), launch.args()))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        boolean ended;
        try {
            ended = process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            // Only for a client that overran its deadline or a test interrupted: never leave one behind.
            process.destroyForcibly();
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - start);
        String stderr = ServerProcess.read(err);
        if (!ended) {
            throw new AssertionError(launch.mainClass() + " still ran after " + deadline + "; stderr: " + stderr);
        }
        return new ClientProcess(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), stderr, wall);
    }

    /** The one line a client may print on stdout, or an assertion error saying what it printed instead. */
    String reportLine() {
        if (stdout.lines().count() != 1) {
            throw new AssertionError("expected exactly one line on stdout, got: '" + stdout + "'; stderr: " + stderr);
        }
        return stdout.strip();
    }
}
