package dev.quicperf.environment;

import dev.quicperf.adapter.Launch;
import dev.quicperf.adapter.Readiness;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A place where a server runs: the host, a network namespace, a container, a VM. It turns an
 * implementation's {@link Launch} into something running and owns its teardown.
 */
public interface Environment {

    /** Stable id used in the matrix, budgets and reports, e.g. {@code linux}. */
    String id();

    /**
     * Starts a server and waits until it says it listens.
     *
     * @param logDir where the server's stdout and stderr are kept
     * @throws ServerStartException when it exits or stays silent past the readiness timeout
     */
    RunningServer start(Launch server, Readiness readiness, Path logDir) throws IOException;

    /**
     * Runs one client to completion (or kills it at {@code timeout}) and keeps its output.
     *
     * @param name file-name stem for the client's logs in {@code logDir}
     */
    ClientRun runClient(Launch client, Duration timeout, Path logDir, String name) throws IOException;

    /** Host on which servers here can be reached by clients run here. */
    String serverHost();

    /** Facts a report should carry about where the numbers came from (cores, pinning, JVM). */
    java.util.Map<String, String> describe();
}
