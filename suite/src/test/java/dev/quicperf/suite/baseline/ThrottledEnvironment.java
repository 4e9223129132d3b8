package dev.quicperf.suite.baseline;

import dev.quicperf.adapter.Launch;
import dev.quicperf.adapter.Readiness;
import dev.quicperf.environment.ClientRun;
import dev.quicperf.environment.Environment;
import dev.quicperf.environment.ForwardingServer;
import dev.quicperf.environment.RunningServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Another environment with each server it starts held to a share of one core: the same cell,
 * made slower on purpose, under the same id so a baseline of the unthrottled cell matches it.
 */
final class ThrottledEnvironment implements Environment {

    private final Environment inner;
    private final double share;

    ThrottledEnvironment(Environment inner, double share) {
        this.inner = inner;
        this.share = share;
    }

    @Override
    public String id() {
        return inner.id();
    }

    @Override
    public RunningServer start(Launch server, Readiness readiness, Path logDir) throws IOException {
        RunningServer running = inner.start(server, readiness, logDir);
        try {
            long pid = running.hostPid().orElseThrow(() -> new IllegalStateException(
                    "environment " + inner.id() + " gives no host pid to throttle"));
            return new Throttled(running, CpuQuota.limit(pid, share));
        } catch (RuntimeException e) {
            running.close();
            throw e;
        }
    }

    @Override
    public ClientRun runClient(Launch client, Duration timeout, Path logDir, String name, Consumer<String> stderrLines)
            throws IOException {
        return inner.runClient(client, timeout, logDir, name, stderrLines);
    }

    @Override
    public int clientCores() {
        return inner.clientCores();
    }

    @Override
    public String serverHost() {
        return inner.serverHost();
    }

    @Override
    public Map<String, String> describe() {
        Map<String, String> facts = new LinkedHashMap<>(inner.describe());
        facts.put("server CPU quota", Math.round(share * 100) + "% of one core (cgroup CFS bandwidth)");
        return facts;
    }

    /** The server, and on close its quota group removed after it. */
    private static final class Throttled extends ForwardingServer {

        private final CpuQuota quota;

        Throttled(RunningServer server, CpuQuota quota) {
            super(server);
            this.quota = quota;
        }

        @Override
        public void close() {
            try {
                inner.close();
            } finally {
                quota.close();
            }
        }
    }
}
