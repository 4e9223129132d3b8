package dev.quicperf.tcptls;

import dev.quicperf.adapter.ClientReport;
import dev.quicperf.adapter.JvmLaunch;
import dev.quicperf.adapter.testing.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A client process run to its end from a {@link JvmLaunch}; killed if it overruns, or if the test fails while it runs. */
record ClientProcess(int exitCode, String stdout, String stderr) {

    static ClientProcess run(JvmLaunch launch, Duration limit, Path dir) throws Exception {
        return run(ServerProcess.argv(launch.jvmFlags(), launch.classpath(), launch.mainClass(), launch.args()), limit, dir);
    }

    static ClientProcess run(List<String> argv, Duration limit, Path dir) throws Exception {
        Path out = Files.createTempFile(dir, "client", ".out");
        Path err = Files.createTempFile(dir, "client", ".err");
        Process p = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("client still running after " + limit + " (stderr: " + ServerProcess.read(err) + ")");
            }
            return new ClientProcess(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** The one report on stdout; fails the test when stdout is anything else. */
    ClientReport report() {
        if (stdout.lines().count() != 1) {
            throw new AssertionError("client stdout is not exactly one line: '" + stdout + "' (stderr: " + stderr + ")");
        }
        return ClientReport.parse(stdout);
    }
}
