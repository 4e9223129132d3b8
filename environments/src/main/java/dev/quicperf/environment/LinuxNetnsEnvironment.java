package dev.quicperf.environment;

import dev.quicperf.adapter.Launch;
import dev.quicperf.adapter.Readiness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The study's two-host testbed on one machine: the server in one network namespace, the client
 * in another, joined by a veth pair (198.51.100.1 and .2), optionally shaped. Each started
 * server gets a fresh pair, deleted when it closes; clients run in the client namespace of the
 * server that is running. Needs root; a kernel without netem cannot run the netem-shaped variants.
 */
public final class LinuxNetnsEnvironment implements Environment {

    public static final String ID = "linux-netns";
    private static final Map<String, Optional<String>> QDISC_MISSING = new ConcurrentHashMap<>();
    private static volatile boolean swept;

    private final HostProcesses processes;
    private final LinkShaping shaping;
    private volatile NetnsPair current;

    public LinuxNetnsEnvironment(String serverCpus, String clientCpus, Duration readyTimeout, LinkShaping shaping) {
        this.processes = new HostProcesses(serverCpus, clientCpus, readyTimeout);
        this.shaping = shaping;
    }

    /** Server on CPU 0, client on CPU 1, as on the host. */
    public static LinuxNetnsEnvironment pinnedDefault(LinkShaping shaping) {
        int cores = Runtime.getRuntime().availableProcessors();
        return new LinuxNetnsEnvironment("0", cores > 1 ? "1" : "0", Duration.ofSeconds(60), shaping);
    }

    /** Every shaping's environment id: {@code linux-netns}, {@code linux-netns-wan}, ... */
    public static String idFor(LinkShaping shaping) {
        return shaping.suffix().isEmpty() ? ID : ID + "-" + shaping.suffix();
    }

    @Override
    public String id() {
        return idFor(shaping);
    }

    /**
     * Why this environment cannot run here: not root, a missing tool, or a qdisc its shaping
     * needs that the kernel lacks. Empty when it can.
     */
    @Override
    public Optional<String> unavailableBecause() {
        if (!isRoot()) {
            return Optional.of("network namespaces need root (CAP_SYS_ADMIN) and this JVM runs as uid "
                    + uid() + "; run as root (as .ci/run does), or leave " + id() + " out of -Dquicperf.environments");
        }
        for (String tool : List.of("ip", "tc", "nsenter")) {
            if (onPath(tool).isEmpty()) {
                return Optional.of(tool + " is not installed: apt-get install iproute2 util-linux");
            }
        }
        if (!shaping.needsNetem()) {
            return Optional.empty();
        }
        return QDISC_MISSING.computeIfAbsent(shaping.qdiscKind().get(), kind -> {
            try {
                return NetnsPair.qdiscMissing(kind, shaping.qdisc());
            } catch (IOException e) {
                return Optional.of("could not probe for the " + kind + " qdisc: " + e.getMessage());
            }
        });
    }

    private static boolean isRoot() {
        return uid().equals("0");
    }

    private static String uid() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("Uid:"))
                    .map(l -> l.split("\\s+")[2]).findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    private static Optional<Path> onPath(String tool) {
        for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    @Override
    public int clientCores() {
        return processes.clientCores();
    }

    @Override
    public String serverHost() {
        return NetnsPair.SERVER_ADDRESS;
    }

    @Override
    public RunningServer start(Launch server, Readiness readiness, Path logDir) throws IOException {
        Optional<String> unavailable = unavailableBecause();
        if (unavailable.isPresent()) {
            throw new LaunchException(id() + " cannot run here: " + unavailable.get());
        }
        sweepOnce();
        if (current != null) {
            throw new IllegalStateException(id() + " runs one server at a time; close the running one first");
        }
        NetnsPair pair;
        try {
            pair = NetnsPair.create(shaping);
        } catch (IOException e) {
            LaunchException failed = new LaunchException(id() + ": could not set up the namespace pair: "
                    + e.getMessage());
            failed.initCause(e);
            throw failed;
        }
        try {
            HostServer host = processes.startServer(NetnsPair.enter(pair.serverNamespace()), server, serverHost(),
                    readiness, logDir);
            current = pair;
            return new NetnsServer(host, pair, () -> current = null);
        } catch (IOException | RuntimeException e) {
            pair.close();
            throw e;
        }
    }

    private static synchronized void sweepOnce() {
        if (!swept) {
            swept = true;
            List<String> gone = NetnsPair.sweepLeftovers();
            if (!gone.isEmpty()) {
                System.err.println("quicperf: deleted network namespaces left by an earlier run: " + gone);
            }
        }
    }

    @Override
    public ClientRun runClient(Launch client, Duration timeout, Path logDir, String name, Consumer<String> stderrLines)
            throws IOException {
        NetnsPair pair = current;
        if (pair == null) {
            throw new IllegalStateException(id() + ": a client runs in the client namespace of a running server;"
                    + " start the server first");
        }
        return processes.runClient(NetnsPair.enter(pair.clientNamespace()), client, timeout, logDir, name, stderrLines);
    }

    @Override
    public Map<String, String> describe() {
        return processes.describe(id() + " (server and client in two network namespaces joined by veth, "
                + NetnsPair.SERVER_ADDRESS + " and " + NetnsPair.CLIENT_ADDRESS + "; " + shaping.description() + ")");
    }
}
