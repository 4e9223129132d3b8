package dev.quicperf.environment.container;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Volume;
import dev.quicperf.adapter.JvmLaunch;
import dev.quicperf.adapter.Launch;
import dev.quicperf.adapter.Readiness;
import dev.quicperf.adapter.cpu.ProcCpu;
import dev.quicperf.environment.ClientRun;
import dev.quicperf.environment.Environment;
import dev.quicperf.environment.HostProcesses;
import dev.quicperf.environment.LaunchException;
import dev.quicperf.environment.Logs;
import dev.quicperf.environment.RunningServer;
import dev.quicperf.environment.ServerStartException;
import dev.quicperf.environment.profile.AsyncProfiler;
import dev.quicperf.environment.profile.AsyncProfilerLibrary;
import dev.quicperf.environment.profile.Profiler;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The server in a Docker container, as users deploy QUIC servers: an image built here
 * {@code FROM scratch} (nothing is pulled), the container pinned to the server's CPUs with a
 * cpuset, on the host's network so the client on the host reaches it on loopback, under Docker's
 * default seccomp profile (plus CAP_SYS_ADMIN and CAP_SYSLOG, which let the profiler open perf
 * events and see kernel frames). The application's classpath and keys are bind-mounted read-only at
 * their host paths; the cell's log directory read-write, for the profiler's output.
 */
public final class ContainerEnvironment implements Environment {

    public static final String ID = "container";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final Set<ContainerServer> OPEN = ConcurrentHashMap.newKeySet();
    private static volatile boolean swept;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> OPEN.forEach(ContainerServer::close),
                "quicperf-container-cleanup"));
    }

    private final HostProcesses clients;
    private final String serverCpus;
    private final Duration readyTimeout;
    private final ProcCpu procCpu = ProcCpu.forThisHost();

    public ContainerEnvironment(String serverCpus, String clientCpus, Duration readyTimeout) {
        this.clients = new HostProcesses(serverCpus, clientCpus, readyTimeout);
        this.serverCpus = serverCpus;
        this.readyTimeout = readyTimeout;
    }

    /** Server on CPU 0, client on CPU 1, as on the host. */
    public static ContainerEnvironment pinnedDefault() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new ContainerEnvironment("0", cores > 1 ? "1" : "0", Duration.ofSeconds(60));
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Optional<String> unavailableBecause() {
        return DockerEngine.unavailableBecause();
    }

    @Override
    public int clientCores() {
        return clients.clientCores();
    }

    @Override
    public String serverHost() {
        return "127.0.0.1";
    }

    @Override
    public Optional<String> cannotRun(Launch server) {
        return server instanceof JvmLaunch ? Optional.empty()
                : Optional.of("the container environment packages JVM servers only so far; "
                        + server.describe() + " is a native program");
    }

    @Override
    public RunningServer start(Launch server, Readiness readiness, Path logDir) throws IOException {
        Optional<String> unavailable = unavailableBecause();
        if (unavailable.isPresent()) {
            throw new LaunchException(ID + " cannot run here: " + unavailable.get());
        }
        Optional<String> cannot = cannotRun(server);
        if (cannot.isPresent() || !(server instanceof JvmLaunch jvm)) {
            throw new LaunchException(cannot.orElse("not a JVM server"));
        }
        sweepOnce();
        Files.createDirectories(logDir);
        Optional<String> noProfiler = AsyncProfilerLibrary.unsupportedBecause();
        Path agent = noProfiler.isEmpty() ? AsyncProfilerLibrary.path() : null;
        String image = RuntimeImage.ensure(DockerEngine.client(), Path.of(System.getProperty("java.home")),
                agent, Path.of(System.getProperty("java.io.tmpdir")));

        List<String> argv = new ArrayList<>(List.of(RuntimeImage.JAVA));
        if (agent != null) {
            argv.addAll(AsyncProfiler.jvmFlags(agent));
        }
        argv.addAll(jvm.jvmFlags());
        argv.add("-cp");
        argv.add(jvm.classpath().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        argv.add(jvm.mainClass());
        argv.addAll(jvm.args());

        Set<Path> readOnly = new LinkedHashSet<>(jvm.classpath());
        readOnly.addAll(jvm.files());
        if (agent != null) {
            readOnly.add(agent);
        }
        List<Bind> binds = new ArrayList<>();
        for (Path p : readOnly) {
            binds.add(sameBind(p.toAbsolutePath(), AccessMode.ro));
        }
        binds.add(sameBind(logDir.toAbsolutePath(), AccessMode.rw));

        String name = DockerEngine.NAME_PREFIX + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet();
        Path stdoutLog = logDir.resolve("server.stdout.log");
        Path stderrLog = logDir.resolve("server.stderr.log");
        ReadinessWatch watch = new ReadinessWatch(readiness, stdoutLog, stderrLog, readyTimeout);
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image))
                .withNetworkMode("host")
                .withCreateContainerCmdModifier(cmd -> {
                    cmd.withName(name);
                    // Docker's default seccomp profile refuses perf_event_open, and async-profiler
                    // then falls back to a tick timer without a word; with CAP_SYS_ADMIN the profile
                    // allows it. The filter itself still runs on every syscall, as in production.
                    // CAP_SYSLOG lets the profiler read kernel symbol addresses, without which
                    // the loopback delivery under sendmsg() cannot be told apart.
                    cmd.getHostConfig().withCpusetCpus(serverCpus).withBinds(binds)
                            .withCapAdd(Capability.SYS_ADMIN, Capability.SYSLOG);
                })
                .withCommand(argv.toArray(String[]::new))
                .withEnv(jvm.environment())
                .withStartupAttempts(1)
                .withLogConsumer(watch)
                .waitingFor(watch);
        try {
            container.start();
        } catch (ContainerLaunchException | IllegalStateException e) {
            container.stop();
            watch.close();
            throw new ServerStartException(ID + ": " + rootMessage(e) + " (expected "
                    + readiness.describe() + ")\ncommand: " + String.join(" ", argv) + "\nimage: " + image
                    + "\nlast stderr lines (" + stderrLog + "):\n" + Logs.tail(stderrLog, 20)
                    + "\nlast stdout lines:\n" + Logs.tail(stdoutLog, 5));
        }
        long pid = container.getContainerInfo().getState().getPidLong();
        Profiler profiler = agent == null ? Profiler.unavailable(noProfiler.get())
                : new AsyncProfiler(pid, agent, logDir.resolve("profiler.log"));
        ContainerServer[] self = new ContainerServer[1];
        self[0] = new ContainerServer(container, watch, pid, serverHost(), watch.port(), stdoutLog, stderrLog, procCpu,
                profiler, () -> OPEN.remove(self[0]));
        OPEN.add(self[0]);
        return self[0];
    }

    private static String rootMessage(Throwable e) {
        String message = e.getMessage();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ContainerLaunchException && t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message;
    }

    private static Bind sameBind(Path path, AccessMode mode) {
        return new Bind(path.toString(), new Volume(path.toString()), mode);
    }

    private static synchronized void sweepOnce() {
        if (!swept) {
            swept = true;
            List<String> gone = DockerEngine.sweepLeftovers();
            if (!gone.isEmpty()) {
                System.err.println("quicperf: removed containers left by an earlier run: " + gone);
            }
        }
    }

    @Override
    public ClientRun runClient(Launch client, Duration timeout, Path logDir, String name, Consumer<String> stderrLines)
            throws IOException {
        return clients.runClient(List.of(), client, timeout, logDir, name, stderrLines);
    }

    @Override
    public Map<String, String> describe() {
        Map<String, String> d = clients.describe(ID + " (Docker container from a FROM-scratch image, host network, cpuset "
                + serverCpus + ", Docker's default seccomp profile, CAP_SYS_ADMIN and CAP_SYSLOG for the profiler; the client on"
                + " the host)");
        d.put("java", d.get("java") + " (jlink'd into the image)");
        return d;
    }
}
