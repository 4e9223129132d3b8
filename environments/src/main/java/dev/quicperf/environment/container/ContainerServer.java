package dev.quicperf.environment.container;

import dev.quicperf.adapter.cpu.CpuSnapshot;
import dev.quicperf.adapter.cpu.ProcCpu;
import dev.quicperf.environment.RunningServer;
import dev.quicperf.environment.profile.Profiler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.testcontainers.containers.GenericContainer;

/**
 * A server in its container. Its JVM is the container's only process, so its CPU is read from
 * the host's {@code /proc/<pid>} as on the host (per thread, which the CPU breakdown needs, keyed
 * by the container's own thread ids as the profiler inside names them);
 * {@link #cgroupCpuNanos()} gives the container's cgroup total to check that against.
 */
final class ContainerServer implements RunningServer {

    private final GenericContainer<?> container;
    private final ReadinessWatch watch;
    private final long pid;
    private final String host;
    private final int port;
    private final Path stdoutLog;
    private final Path stderrLog;
    private final ProcCpu procCpu;
    private final Profiler profiler;
    private final Runnable onClose;
    private final NamespaceThreadIds threadIds;
    private volatile boolean closed;

    ContainerServer(GenericContainer<?> container, ReadinessWatch watch, long pid, String host, int port,
            Path stdoutLog, Path stderrLog, ProcCpu procCpu, Profiler profiler, Runnable onClose) {
        this.container = container;
        this.watch = watch;
        this.pid = pid;
        this.host = host;
        this.port = port;
        this.stdoutLog = stdoutLog;
        this.stderrLog = stderrLog;
        this.procCpu = procCpu;
        this.profiler = profiler;
        this.onClose = onClose;
        this.threadIds = new NamespaceThreadIds(pid);
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public CpuSnapshot cpu() {
        return threadIds.rekey(procCpu.read(pid));
    }

    /** CPU time of the container's cgroup so far (cgroup v1 cpuacct, or v2 cpu.stat), in ns. */
    long cgroupCpuNanos() throws IOException {
        List<String> cgroups = Files.readAllLines(Path.of("/proc", Long.toString(pid), "cgroup"));
        for (String line : cgroups) {
            String[] parts = line.split(":", 3);
            if (parts.length == 3 && List.of(parts[1].split(",")).contains("cpuacct")) {
                return Long.parseLong(Files.readString(Path.of("/sys/fs/cgroup/cpuacct" + parts[2], "cpuacct.usage"))
                        .strip());
            }
            if (parts.length == 3 && parts[0].equals("0") && parts[1].isEmpty()) {
                Path stat = Path.of("/sys/fs/cgroup" + parts[2], "cpu.stat");
                if (Files.exists(stat)) {
                    return Files.readAllLines(stat).stream().filter(l -> l.startsWith("usage_usec "))
                            .mapToLong(l -> Long.parseLong(l.substring(11).strip()) * 1000).findFirst().orElseThrow();
                }
            }
        }
        throw new IOException("no cpuacct or cpu.stat cgroup for container process " + pid + " in " + cgroups);
    }

    @Override
    public java.util.OptionalLong hostPid() {
        return java.util.OptionalLong.of(pid);
    }

    @Override
    public boolean isAlive() {
        return !closed && container.isRunning();
    }

    @Override
    public Profiler profiler() {
        return profiler;
    }

    @Override
    public Path stdoutLog() {
        return stdoutLog;
    }

    @Override
    public Path stderrLog() {
        return stderrLog;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            container.stop();
        } finally {
            try {
                watch.close();
            } catch (IOException e) {
                System.err.println("quicperf: could not close the logs of container " + container.getContainerName()
                        + ": " + e.getMessage());
            }
            onClose.run();
        }
    }
}
