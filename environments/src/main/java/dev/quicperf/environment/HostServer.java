package dev.quicperf.environment;

import dev.quicperf.adapter.Readiness;
import dev.quicperf.adapter.cpu.CpuSnapshot;
import dev.quicperf.adapter.cpu.ProcCpu;
import dev.quicperf.environment.profile.Profiler;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A server running as a host process; closing it ends its process tree. */
final class HostServer implements RunningServer {

    private final Process process;
    private final String host;
    private final int port;
    private final Path stdoutLog;
    private final Path stderrLog;
    private final ProcCpu procCpu;
    private final ProcessReaper reaper;
    private final Profiler profiler;
    private volatile boolean closed;

    private HostServer(Process process, String host, int port, Path stdoutLog, Path stderrLog, ProcCpu procCpu,
            ProcessReaper reaper, Profiler profiler) {
        this.process = process;
        this.profiler = profiler;
        this.host = host;
        this.port = port;
        this.stdoutLog = stdoutLog;
        this.stderrLog = stderrLog;
        this.procCpu = procCpu;
        this.reaper = reaper;
    }

    /**
     * @param profilerFor makes the server's profiler once its pid is known
     */
    static HostServer start(List<String> argv, java.util.Map<String, String> env, String host, Readiness readiness,
            Duration readyTimeout, Path logDir, ProcCpu procCpu, ProcessReaper reaper,
            java.util.function.LongFunction<Profiler> profilerFor) throws IOException {
        Files.createDirectories(logDir);
        Path stdoutLog = logDir.resolve("server.stdout.log");
        Path stderrLog = logDir.resolve("server.stderr.log");
        boolean onStderr = readiness.stream() == Readiness.Stream.STDERR;
        ProcessBuilder pb = new ProcessBuilder(argv);
        if (!onStderr) {
            pb.redirectError(stderrLog.toFile());
        }
        pb.environment().putAll(env);
        Process process = reaper.start(pb);

        CompletableFuture<Integer> ready = new CompletableFuture<>();
        Readiness noneOnStdout = onStderr ? null : readiness;
        Thread pump = new Thread(() -> pump(process.getInputStream(), stdoutLog, noneOnStdout, ready),
                "quicperf-server-stdout");
        pump.setDaemon(true);
        pump.start();
        if (onStderr) {
            Thread errPump = new Thread(() -> pump(process.getErrorStream(), stderrLog, readiness, ready),
                    "quicperf-server-stderr");
            errPump.setDaemon(true);
            errPump.start();
        }
        process.onExit().thenRun(() -> ready.completeExceptionally(new IllegalStateException("exited")));

        int port;
        try {
            port = ready.get(readyTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            boolean exited = !process.isAlive();
            reaper.destroy(process, 1000);
            String what = exited
                    ? "server exited with code " + process.exitValue() + " before announcing readiness"
                    : "server did not announce readiness within " + readyTimeout.toSeconds() + " s and was killed";
            throw new ServerStartException(what + " (expected " + readiness.describe() + ")\n"
                    + "command: " + String.join(" ", argv) + "\n"
                    + "last stderr lines (" + stderrLog + "):\n" + Logs.tail(stderrLog, 20));
        }
        if (readiness.knownPort().isPresent() && !udpPortBound(process, port, readyTimeout)) {
            reaper.destroy(process, 1000);
            throw new ServerStartException("server announced readiness but bound no UDP socket to port " + port
                    + " within " + readyTimeout.toSeconds() + " s and was killed\ncommand: " + String.join(" ", argv)
                    + "\nlast stderr lines (" + stderrLog + "):\n" + Logs.tail(stderrLog, 20));
        }
        return new HostServer(process, host, port, stdoutLog, stderrLog, procCpu, reaper, profilerFor.apply(process.pid()));
    }

    /**
     * A foreign server given its port may print its ready line before it binds (ngtcp2's example
     * server does): wait until a UDP socket in its namespace holds the port.
     */
    private static boolean udpPortBound(Process process, int port, Duration timeout) {
        String hexPort = String.format(":%04X ", port);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (process.isAlive() && System.nanoTime() < deadline) {
            for (String table : List.of("udp", "udp6")) {
                try {
                    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "net", table))) {
                        String[] f = line.trim().split("\\s+");
                        if (f.length > 1 && (f[1] + " ").endsWith(hexPort)) {
                            return true;
                        }
                    }
                } catch (IOException e) {
                    // The process is going away; the loop's condition sees it.
                }
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** Copies one of the server's streams into its log, watching it for readiness unless that is null. */
    private static void pump(java.io.InputStream stream, Path log, Readiness readiness, CompletableFuture<Integer> ready) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
             Writer out = Files.newBufferedWriter(log)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.write(line);
                out.write('\n');
                out.flush();
                if (readiness != null && !ready.isDone()) {
                    OptionalInt port = readiness.port(line);
                    if (port.isPresent()) {
                        ready.complete(port.getAsInt());
                    }
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public CpuSnapshot cpu() {
        return procCpu.read(process.pid());
    }

    @Override
    public Profiler profiler() {
        return profiler;
    }

    @Override
    public java.util.OptionalLong hostPid() {
        return java.util.OptionalLong.of(process.pid());
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
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
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        reaper.destroy(process, 3000);
    }
}
