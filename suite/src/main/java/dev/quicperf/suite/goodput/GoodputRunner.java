package dev.quicperf.suite.goodput;

import dev.quicperf.adapter.ClientOptions;
import dev.quicperf.adapter.ClientReport;
import dev.quicperf.adapter.Implementation;
import dev.quicperf.adapter.Launch;
import dev.quicperf.adapter.PhaseMarks;
import dev.quicperf.adapter.ServerOptions;
import dev.quicperf.environment.ClientRun;
import dev.quicperf.environment.Environment;
import dev.quicperf.environment.LaunchException;
import dev.quicperf.environment.Logs;
import dev.quicperf.environment.RunningServer;
import dev.quicperf.environment.UdpCounters;
import dev.quicperf.suite.Profile;
import dev.quicperf.suite.TemporaryCertificate;
import dev.quicperf.suite.TimedPhaseCpu;
import dev.quicperf.suite.breakdown.ProfiledPhase;
import dev.quicperf.suite.breakdown.ProfiledWindows;
import dev.quicperf.suite.breakdown.ServerPackets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs one goodput cell: one server for the whole cell, then warm-up, measured and profiled
 * downloads, each by a fresh client process on a new connection (after the client's own
 * untimed warm-up download where its implementation asks for one), with the server's CPU read
 * from the environment when the client marks the start and the end of its download (handshake
 * and transfer; not the client JVM's start) and its packet count from its stats line. Profiled downloads alternate with the first measured ones, so the profiler's cost is
 * measured against neighbours that ran under the same conditions.
 */
public final class GoodputRunner {

    private final Profile profile;
    private final String notProfiledBecause;

    public GoodputRunner(Profile profile) {
        this(profile, "the profile profiles no runs (-Dquicperf.breakdown=false?)");
    }

    private GoodputRunner(Profile profile, String notProfiledBecause) {
        this.profile = profile;
        this.notProfiledBecause = notProfiledBecause;
    }

    public GoodputResult run(GoodputCell cell, Path cellDir) throws IOException {
        if (cell.implementation().role() != Implementation.Role.QUIC_STACK && profile.profiledRuns() > 0) {
            // Its number is what a reference row is for; profiled runs would only lengthen the matrix.
            return new GoodputRunner(profile.withProfiledRuns(0), "a reference row is measured beside the stacks,"
                    + " not profiled").run(cell, cellDir);
        }
        Implementation impl = cell.implementation();
        Environment env = cell.environment();
        Files.createDirectories(cellDir);
        long deadline = System.nanoTime() + profile.cellTimeout(cell.size()).toNanos();
        List<RunResult> runs = new ArrayList<>();
        ProfiledWindows profiled = new ProfiledWindows("packet", impl, profile.profiledRuns() > 0, notProfiledBecause);
        try (TemporaryCertificate cert = new TemporaryCertificate()) {
            ServerOptions serverOptions = new ServerOptions(env.serverHost(), 0, cert.certificate(), cert.privateKey(),
                    Optional.of(cell.ioMode()));
            Launch launch = impl.serverLaunch(serverOptions);
            Optional<String> broken = Optional.empty();
            try (RunningServer server = env.start(launch, impl.readiness(launch), cellDir)) {
                List<Kind> plan = new ArrayList<>(plan(profile));
                for (int i = 1; i <= plan.size() && broken.isEmpty(); i++) {
                    broken = download(cell, server, i, plan.get(i - 1), deadline, cellDir, runs, profiled);
                    CellJournal.write(new GoodputResult(cell, profile.name(), launch.describe(), runs, broken,
                            ProfiledWindows.Result.UNFINISHED), List.of(), true, cellDir);
                    boolean planDone = i == plan.size();
                    if (planDone && needsMoreSamples(profiled, plan, server.profiler().extraWindowsWorthIt())) {
                        plan.add(Kind.PROFILED);
                    }
                }
            } catch (LaunchException e) {
                broken = Optional.of(e.getMessage());
            }
            ProfiledWindows.Result breakdown = profiled.result();
            return new GoodputResult(cell, profile.name(), launch.describe(), runs, broken, breakdown);
        }
    }

    enum Kind { WARMUP, MEASURED, PROFILED }

    /** Small downloads cost the server little: profile more of them until the shares mean something. */
    static final long ENOUGH_SAMPLES = 500;
    static final int MAX_EXTRA_PROFILED = 6;

    private boolean needsMoreSamples(ProfiledWindows profiled, List<Kind> plan, int maxExtra) {
        long extra = plan.stream().filter(k -> k == Kind.PROFILED).count() - profile.profiledRuns();
        // A window left out for opening late counts as a run without samples: try another.
        return profile.profiledRuns() > 0 && !profiled.failed() && profiled.windows() + profiled.dropped() > 0
                && profiled.stacks().totalSamples() < ENOUGH_SAMPLES && extra < Math.min(MAX_EXTRA_PROFILED, maxExtra);
    }

    /**
     * Warm-ups first, then measured runs with a profiled one after each of the last ones: late,
     * so that the profile shows the server's steady state rather than its JIT compiling.
     */
    static List<Kind> plan(Profile profile) {
        List<Kind> plan = new ArrayList<>(java.util.Collections.nCopies(profile.warmupRuns(), Kind.WARMUP));
        int measured = profile.measuredRuns();
        int profiledFrom = Math.max(0, measured - profile.profiledRuns());
        for (int i = 0; i < measured; i++) {
            plan.add(Kind.MEASURED);
            if (i >= profiledFrom) {
                plan.add(Kind.PROFILED);
            }
        }
        for (int extra = profile.profiledRuns() - measured; extra > 0; extra--) {
            plan.add(Kind.PROFILED);
        }
        return plan;
    }

    private Optional<String> download(GoodputCell cell, RunningServer server, int number, Kind kind,
            long deadline, Path cellDir, List<RunResult> runs, ProfiledWindows profiled) throws IOException {
        boolean warmup = kind == Kind.WARMUP;
        Duration left = Duration.ofNanos(deadline - System.nanoTime());
        if (left.toMillis() < 1000) {
            return Optional.of("cell ran out of its " + profile.cellTimeout(cell.size()).toSeconds()
                    + " s budget before run " + number);
        }
        long warmupBytes = profile.clientWarmup() ? cell.implementation().clientWarmupBytes() : 0;
        // The client's deadline holds for each of its downloads; the process gets both.
        Duration timeout = min(profile.clientTimeout(cell.size()), left);
        Duration processTimeout = warmupBytes == 0 ? timeout
                : min(timeout.plus(profile.clientTimeout(warmupBytes)), left);
        ClientOptions options = new ClientOptions(server.host(), server.port(), cell.size(), 0, timeout, warmupBytes);
        String name = String.format("run-%02d%s", number, warmup ? "-warmup" : kind == Kind.PROFILED ? "-profiled" : "");
        ProfiledPhase window = kind != Kind.PROFILED ? null : new ProfiledPhase(profiled, server,
                cellDir.resolve(name + ".collapsed"), expectedProfiledCpu(runs),
                Optional.of(cell.implementation().phaseSettle()));
        TimedPhaseCpu timed = new TimedPhaseCpu(server, Optional.ofNullable(window));
        ServerPackets packets = new ServerPackets(server.stdoutLog());
        int mark = packets.mark();
        ClientRun run = cell.environment().runClient(cell.implementation().clientLaunch(options), processTimeout,
                cellDir, name, timed::accept);
        if (!server.isAlive()) {
            return Optional.of("server exited during run " + number + "; last stderr lines:\n"
                    + Logs.tail(server.stderrLog(), 20));
        }
        if (run.timedOut()) {
            return Optional.of("run " + number + ": client did not finish within " + processTimeout.toSeconds()
                    + " s and was killed; last client stderr lines:\n" + Logs.tail(run.stderrLog(), 20));
        }
        ClientReport report;
        try {
            report = ClientReport.parse(run.stdout());
        } catch (IllegalArgumentException e) {
            return Optional.of("run " + number + ": " + e.getMessage() + " (client exit code " + run.exitCode()
                    + "); last client stderr lines:\n" + Logs.tail(run.stderrLog(), 20));
        }
        if (!report.ok()) {
            return Optional.of("run " + number + ": client reported failure: " + report.error());
        }
        if (report.bytesVerified() != cell.size()) {
            return Optional.of("run " + number + ": client verified " + report.bytesVerified() + " of "
                    + cell.size() + " bytes but reported ok");
        }
        if (timed.usage().isEmpty()) {
            return Optional.of("run " + number + ": no server CPU for the download: " + timed.whyMissing()
                    + " (a client marks its download with " + PhaseMarks.class.getSimpleName() + ")");
        }
        // The server writes its stats line once it has processed the client's close.
        boolean counts = cell.implementation().reportsPackets();
        Optional<Long> sent = counts ? packets.of(report.localPort(), mark, STATS_WAIT) : Optional.empty();
        runs.add(new RunResult(number, warmup, kind == Kind.PROFILED, report, timed.usage().get(), sent.orElse(-1L),
                timed.udp().map(UdpCounters::outDatagrams).orElse(-1L)));
        if (window != null) {
            window.finish(sent, counts ? "the server wrote no packet count for run " + number + "'s connection (client port "
                    + report.localPort() + ") within " + STATS_WAIT.toMillis() + " ms of its end"
                    : cell.implementation().id() + "'s server does not count the packets it sends, so its CPU is shown"
                    + " as shares, not per packet (kernel datagram counts would count GSO batches, not packets)");
        }
        return Optional.empty();
    }

    private static final Duration STATS_WAIT = Duration.ofSeconds(2);

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * Server CPU all the profiled downloads are expected to cost, from the measured ones so far:
     * what the sampling interval is sized from.
     */
    private double expectedProfiledCpu(List<RunResult> runs) {
        return runs.stream().filter(RunResult::measured).mapToLong(r -> r.serverCpu().totalNanos()).average()
                .orElse(0) * profile.profiledRuns();
    }
}
