package dev.quicperf.environment;

import dev.quicperf.adapter.JvmLaunch;
import dev.quicperf.adapter.Launch;
import dev.quicperf.adapter.NativeLaunch;
import dev.quicperf.adapter.Readiness;
import dev.quicperf.adapter.cpu.ProcCpu;
import dev.quicperf.environment.profile.AsyncProfiler;
import dev.quicperf.environment.profile.AsyncProfilerLibrary;
import dev.quicperf.environment.profile.Profiler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Servers and clients as host processes, each pinned to its CPUs with taskset, behind an argv
 * prefix that puts them somewhere first (nothing on the host; {@code nsenter} into a network
 * namespace). The host and network-namespace environments differ only in that prefix.
 */
public final class HostProcesses {

    private static final Path TASKSET = Path.of("/usr/bin/taskset");

    private final String serverCpus;
    private final String clientCpus;
    private final Duration readyTimeout;
    private final ProcCpu procCpu = ProcCpu.forThisHost();
    private final ProcessReaper reaper = new ProcessReaper();

    /**
     * @param serverCpus taskset CPU list for the server, e.g. {@code 0}
     * @param clientCpus taskset CPU list for the client, e.g. {@code 1}
     */
    public HostProcesses(String serverCpus, String clientCpus, Duration readyTimeout) {
        if (!Files.isExecutable(TASKSET)) {
            throw new IllegalStateException(TASKSET + " is missing: install util-linux (apt-get install util-linux)");
        }
        this.serverCpus = requireCpuList(serverCpus, "server");
        this.clientCpus = requireCpuList(clientCpus, "client");
        this.readyTimeout = readyTimeout;
    }

    private static String requireCpuList(String cpus, String who) {
        if (cpus == null || !cpus.matches("\\d+([-,]\\d+)*")) {
            throw new IllegalArgumentException("the " + who + " CPU list '" + cpus
                    + "' is not a taskset list such as 0 or 0-1 or 0,2");
        }
        return cpus;
    }

    public String serverCpus() {
        return serverCpus;
    }

    public String clientCpus() {
        return clientCpus;
    }

    public int clientCores() {
        return cpuCount(clientCpus);
    }

    /** CPUs in a taskset list such as {@code 0}, {@code 0-3} or {@code 1,3-4}. */
    static int cpuCount(String list) {
        int n = 0;
        for (String part : list.split(",")) {
            int dash = part.indexOf('-');
            n += dash < 0 ? 1 : Integer.parseInt(part.substring(dash + 1)) - Integer.parseInt(part.substring(0, dash)) + 1;
        }
        return n;
    }

    /** What a report says about where the numbers came from: {@code where}, then the pinning, cores, kernel and JVM. */
    public java.util.Map<String, String> describe(String where) {
        java.util.Map<String, String> d = new java.util.LinkedHashMap<>();
        d.put("environment", where);
        d.put("server CPUs", serverCpus);
        d.put("client CPUs", clientCpus);
        d.put("machine cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        d.put("kernel", System.getProperty("os.version"));
        d.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        return d;
    }

    /** Starts a server with its profiler: async-profiler loaded idle in a JVM, Linux perf for a native one. */
    HostServer startServer(List<String> prefix, Launch server, String host, Readiness readiness, Path logDir)
            throws IOException {
        if (server instanceof NativeLaunch) {
            return HostServer.start(pinned(prefix, serverCpus, server), server.environment(), host, readiness,
                    readyTimeout, logDir, procCpu, reaper, pid -> new HostPerfProfiler(pid, logDir, reaper));
        }
        Optional<String> noProfiler = AsyncProfilerLibrary.unsupportedBecause();
        if (noProfiler.isPresent()) {
            return HostServer.start(pinned(prefix, serverCpus, server), server.environment(), host, readiness,
                    readyTimeout, logDir, procCpu, reaper, pid -> Profiler.unavailable(noProfiler.get()));
        }
        Path library = AsyncProfilerLibrary.path();
        JvmLaunch jvm = (JvmLaunch) server;
        List<String> flags = new ArrayList<>(AsyncProfiler.jvmFlags(library));
        flags.addAll(jvm.jvmFlags());
        Launch withAgent = new JvmLaunch(jvm.mainClass(), jvm.classpath(), flags, jvm.args(), jvm.environment(),
                jvm.files());
        Path log = logDir.resolve("profiler.log");
        return HostServer.start(pinned(prefix, serverCpus, withAgent), server.environment(), host, readiness,
                readyTimeout, logDir, procCpu, reaper, pid -> new AsyncProfiler(pid, library, log));
    }

    public ClientRun runClient(List<String> prefix, Launch client, Duration timeout, Path logDir, String name,
            Consumer<String> stderrLines) throws IOException {
        Files.createDirectories(logDir);
        Path stdoutLog = logDir.resolve(name + ".stdout.json");
        Path stderrLog = logDir.resolve(name + ".stderr.log");
        ProcessBuilder pb = new ProcessBuilder(pinned(prefix, clientCpus, client))
                .redirectOutput(stdoutLog.toFile())
                .redirectError(ProcessBuilder.Redirect.PIPE);
        pb.environment().putAll(client.environment());
        long start = System.nanoTime();
        Process process = reaper.start(pb);
        StderrPump pump = StderrPump.start(process.getErrorStream(), stderrLog, stderrLines, name);
        boolean finished;
        try {
            // The client enforces its own timeout; this later deadline catches a client that cannot.
            long grace = Math.min(15_000, Math.max(1_000, timeout.toMillis() / 4));
            finished = process.waitFor(timeout.toMillis() + grace, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished = false;
        } finally {
            reaper.destroy(process, 1000);
            // The listener may still be acting on a phase mark (attaching a profiler takes up to a
            // few hundred ms, longer on a loaded host): the run's numbers need it to have finished.
            pump.finish(10_000);
        }
        long wall = System.nanoTime() - start;
        String stdout = Files.readString(stdoutLog, StandardCharsets.UTF_8);
        return new ClientRun(finished ? process.exitValue() : -1, stdout, stdoutLog, stderrLog, wall, !finished);
    }

    private static List<String> pinned(List<String> prefix, String cpus, Launch launch) throws LaunchException {
        List<String> argv = new ArrayList<>(prefix);
        argv.addAll(List.of(TASKSET.toString(), "-c", cpus));
        argv.addAll(CommandLine.argv(launch));
        return argv;
    }
}
