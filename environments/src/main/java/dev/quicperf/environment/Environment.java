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
    default ClientRun runClient(Launch client, Duration timeout, Path logDir, String name) throws IOException {
        return runClient(client, timeout, logDir, name, line -> { });
    }

    /**
     * As {@link #runClient(Launch, Duration, Path, String)}, also handing each line the client
     * writes on stderr to {@code stderrLines} as it arrives (it is still kept in the log). The
     * harness uses it to act on a client's phase marks while the client runs, e.g. to read the
     * server's CPU exactly when a timed phase starts and ends. Called on one harness thread;
     * keep it short.
     */
    ClientRun runClient(Launch client, Duration timeout, Path logDir, String name,
            java.util.function.Consumer<String> stderrLines) throws IOException;

    /** How many cores a client run here may use: the denominator of "the client was CPU-bound". */
    int clientCores();

    /** Host on which servers here can be reached by clients run here. */
    String serverHost();

    /**
     * Why no server can run here on this machine (no root for namespaces, no Docker engine, a
     * kernel without a qdisc); empty when it can. The matrix skips such cells with this reason.
     */
    default java.util.Optional<String> unavailableBecause() {
        return java.util.Optional.empty();
    }

    /**
     * Why this environment cannot run {@code server} although it is available (e.g. a native
     * program where only JVM servers can be packaged yet); empty when it can.
     */
    default java.util.Optional<String> cannotRun(Launch server) {
        return java.util.Optional.empty();
    }

    /** Facts a report should carry about where the numbers came from (cores, pinning, JVM). */
    java.util.Map<String, String> describe();
}
