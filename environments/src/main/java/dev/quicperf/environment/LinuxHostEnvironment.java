package dev.quicperf.environment;

import dev.quicperf.adapter.Launch;
import dev.quicperf.adapter.Readiness;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The server as a host process on loopback, pinned to its own core with taskset, the client
 * pinned to another, as in the study (one core each).
 */
public final class LinuxHostEnvironment implements Environment {

    public static final String ID = "linux";

    private final HostProcesses processes;

    /**
     * @param serverCpus taskset CPU list for the server, e.g. {@code 0}
     * @param clientCpus taskset CPU list for the client, e.g. {@code 1}
     */
    public LinuxHostEnvironment(String serverCpus, String clientCpus, Duration readyTimeout) {
        this.processes = new HostProcesses(serverCpus, clientCpus, readyTimeout);
    }

    /** Server on CPU 0, client on CPU 1 (both on 0 on a one-core machine). */
    public static LinuxHostEnvironment pinnedDefault() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new LinuxHostEnvironment("0", cores > 1 ? "1" : "0", Duration.ofSeconds(60));
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int clientCores() {
        return processes.clientCores();
    }

    @Override
    public String serverHost() {
        return "127.0.0.1";
    }

    @Override
    public RunningServer start(Launch server, Readiness readiness, Path logDir) throws IOException {
        return processes.startServer(List.of(), server, serverHost(), readiness, logDir);
    }

    @Override
    public ClientRun runClient(Launch client, Duration timeout, Path logDir, String name, Consumer<String> stderrLines)
            throws IOException {
        return processes.runClient(List.of(), client, timeout, logDir, name, stderrLines);
    }

    @Override
    public Map<String, String> describe() {
        return processes.describe(ID + " (host processes on loopback)");
    }
}
