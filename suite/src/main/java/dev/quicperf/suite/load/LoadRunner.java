package dev.quicperf.suite.load;

import dev.quicperf.adapter.Implementation;
import dev.quicperf.adapter.Launch;
import dev.quicperf.adapter.ServerOptions;
import dev.quicperf.adapter.cpu.CpuSnapshot;
import dev.quicperf.adapter.load.LoadOptions;
import dev.quicperf.adapter.load.LoadReport;
import dev.quicperf.adapter.load.LoadScenario;
import dev.quicperf.environment.ClientRun;
import dev.quicperf.environment.Environment;
import dev.quicperf.environment.LaunchException;
import dev.quicperf.environment.Logs;
import dev.quicperf.environment.RunningServer;
import dev.quicperf.suite.Profile;
import dev.quicperf.suite.TemporaryCertificate;
import dev.quicperf.suite.TimedPhaseCpu;
import dev.quicperf.suite.breakdown.ProfiledPhase;
import dev.quicperf.suite.breakdown.ProfiledWindows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs one load cell: one server for the whole cell, then warm-up and measured runs of the
 * implementation's load client, each a fresh process, with the server's CPU read before and
 * after each run.
 */
public final class LoadRunner {

    private final Profile profile;

    public LoadRunner(Profile profile) {
        this.profile = profile;
    }

    public LoadResult run(LoadCell cell, Path cellDir) throws IOException {
        Implementation impl = cell.implementation();
        Environment env = cell.environment();
        Files.createDirectories(cellDir);
        long deadline = System.nanoTime() + profile.loadCellTimeout(cell.plan()).toNanos();
        List<LoadRun> runs = new ArrayList<>();
        String unit = cell.scenario() == LoadScenario.HANDSHAKES ? "handshake" : "request";
        ProfiledWindows profiled = new ProfiledWindows(unit, impl, profile.loadProfiledRuns() > 0);
        try (TemporaryCertificate cert = new TemporaryCertificate()) {
            ServerOptions serverOptions = new ServerOptions(env.serverHost(), 0, cert.certificate(), cert.privateKey(),
                    Optional.of(cell.ioMode()));
            Launch launch = impl.serverLaunch(serverOptions);
            Optional<String> broken = Optional.empty();
            try (RunningServer server = env.start(launch, impl.readiness(launch), cellDir)) {
                int unprofiled = profile.loadWarmupRuns() + profile.loadMeasuredRuns();
                int total = unprofiled + profile.loadProfiledRuns();
                for (int i = 1; i <= total && broken.isEmpty(); i++) {
                    broken = runOnce(cell, server, i, total, i <= profile.loadWarmupRuns(),
                            i > unprofiled ? Optional.of(profiled) : Optional.empty(), deadline, cellDir, runs);
                    LoadJournal.write(new LoadResult(cell, profile.name(), launch.describe(), runs, broken, ProfiledWindows.Result.UNFINISHED),
                            List.of(), true, cellDir);
                }
            } catch (LaunchException e) {
                broken = Optional.of(e.getMessage());
            }
            ProfiledWindows.Result breakdown = profiled.result();
            return new LoadResult(cell, profile.name(), launch.describe(), runs, broken, breakdown);
        }
    }

    /** The profiled run's server CPU should give about this many samples at the finest interval. */
    private static final double PROFILED_CPU_NANOS = ProfiledWindows.TARGET_SAMPLES * ProfiledWindows.MIN_INTERVAL_NANOS;

    /**
     * Requests for the profiled run: the plan's, or up to ten times as many when a measured
     * run's timed phase cost the server too little CPU for a profile worth reading.
     */
    static long profiledRequests(LoadPlan plan, double timedCpuNanos) {
        double factor = timedCpuNanos > 0 ? Math.ceil(PROFILED_CPU_NANOS / timedCpuNanos) : 1;
        return plan.requests() * (long) Math.max(1, Math.min(10, factor));
    }

    /**
     * @param profiled present for the profiled run: the profiler samples the server over the
     *        client's timed phase, at an interval sized from the measured runs' server CPU
     */
    private Optional<String> runOnce(LoadCell cell, RunningServer server, int number, int total, boolean warmup,
            Optional<ProfiledWindows> profiled, long deadline, Path cellDir, List<LoadRun> runs) throws IOException {
        LoadPlan plan = cell.plan();
        Duration left = Duration.ofNanos(deadline - System.nanoTime());
        if (left.toMillis() < 1000) {
            return Optional.of("cell ran out of its " + profile.loadCellTimeout(plan).toSeconds()
                    + " s budget before run " + number);
        }
        Duration timeout = profile.loadClientTimeout(plan);
        timeout = timeout.compareTo(left) < 0 ? timeout : left;
        double timedCpu = runs.stream().filter(LoadRun::measured).mapToLong(r -> r.serverCpuTimed().totalNanos())
                .average().orElse(0);
        long requests = profiled.isPresent() ? profiledRequests(plan, timedCpu) : plan.requests();
        LoadOptions options = new LoadOptions(cell.scenario(), server.host(), server.port(), plan.connections(),
                requests, plan.warmupRequests(), plan.responseBytes(), 2, timeout);
        String name = String.format("run-%02d%s", number, warmup ? "-warmup" : profiled.isPresent() ? "-profiled" : "");
        ProgressLine progress = new ProgressLine(cell.scenario() + " " + cell.implementation().id() + " run " + number
                + "/" + total, System.out);
        ProfiledPhase window = profiled.map(p -> new ProfiledPhase(p, server, cellDir.resolve(name + ".collapsed"),
                timedCpu * requests / plan.requests(), Optional.empty())).orElse(null);
        TimedPhaseCpu timed = new TimedPhaseCpu(server, Optional.ofNullable(window));
        CpuSnapshot before = server.cpu();
        ClientRun run = cell.environment().runClient(LoadClients.launch(cell.implementation(), options), timeout, cellDir,
                name, line -> {
                    timed.accept(line);
                    progress.accept(line);
                });
        if (!server.isAlive()) {
            return Optional.of("server exited during run " + number + "; last stderr lines:\n"
                    + Logs.tail(server.stderrLog(), 20));
        }
        CpuSnapshot after = server.cpu();
        if (run.timedOut()) {
            return Optional.of("run " + number + ": load client did not finish within " + timeout.toSeconds()
                    + " s and was killed; last client stderr lines:\n" + Logs.tail(run.stderrLog(), 20));
        }
        LoadReport report;
        try {
            report = LoadReport.parse(run.stdout());
        } catch (IllegalArgumentException e) {
            return Optional.of("run " + number + ": " + e.getMessage() + " (client exit code " + run.exitCode()
                    + "); last client stderr lines:\n" + Logs.tail(run.stderrLog(), 20));
        }
        if (!report.ok()) {
            return Optional.of("run " + number + ": load client reported failure after " + report.completed() + " of "
                    + report.requested() + " requests: " + report.error()
                    + (report.errors().size() > 1 ? "; first errors: " + report.errors() : ""));
        }
        long expectedBytes = cell.scenario().hasRequests() ? requests * plan.responseBytes() : 0;
        if (report.completed() != requests || report.bytesVerified() != expectedBytes) {
            return Optional.of("run " + number + ": load client reported ok but completed " + report.completed()
                    + " of " + requests + " requests with " + report.bytesVerified() + " of " + expectedBytes
                    + " bytes verified");
        }
        if (timed.usage().isEmpty()) {
            return Optional.of("run " + number + ": no server CPU for the timed phase: " + timed.whyMissing()
                    + " (a load client marks its timed phase through LoadRecorder)");
        }
        runs.add(new LoadRun(number, warmup, profiled.isPresent(), report, after.since(before), timed.usage().get()));
        if (window != null) {
            window.finish(Optional.of(report.completed()), null);
        }
        return Optional.empty();
    }
}
