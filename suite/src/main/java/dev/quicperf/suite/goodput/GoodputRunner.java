package dev.quicperf.suite.goodput;

import dev.quicperf.adapter.ClientOptions;
import dev.quicperf.adapter.ClientReport;
import dev.quicperf.adapter.Implementation;
import dev.quicperf.adapter.Launch;
import dev.quicperf.adapter.ServerOptions;
import dev.quicperf.environment.ClientRun;
import dev.quicperf.environment.CpuSnapshot;
import dev.quicperf.environment.Environment;
import dev.quicperf.environment.Logs;
import dev.quicperf.environment.RunningServer;
import dev.quicperf.environment.LaunchException;
import dev.quicperf.suite.Profile;
import dev.quicperf.suite.TemporaryCertificate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs one goodput cell: one server for the whole cell, then warm-up and measured downloads,
 * each by a fresh client process on a new connection, with the server's CPU read from the
 * environment before and after each download.
 */
public final class GoodputRunner {

    private final Profile profile;

    public GoodputRunner(Profile profile) {
        this.profile = profile;
    }

    public GoodputResult run(GoodputCell cell, Path cellDir) throws IOException {
        Implementation impl = cell.implementation();
        Environment env = cell.environment();
        Files.createDirectories(cellDir);
        long deadline = System.nanoTime() + profile.cellTimeout(cell.size()).toNanos();
        List<RunResult> runs = new ArrayList<>();
        try (TemporaryCertificate cert = new TemporaryCertificate()) {
            ServerOptions serverOptions = new ServerOptions(env.serverHost(), 0, cert.certificate(), cert.privateKey());
            Launch launch = impl.serverLaunch(serverOptions);
            Optional<String> broken = Optional.empty();
            try (RunningServer server = env.start(launch, impl.readiness(), cellDir)) {
                int total = profile.warmupRuns() + profile.measuredRuns();
                for (int i = 1; i <= total && broken.isEmpty(); i++) {
                    broken = download(cell, server, i, i <= profile.warmupRuns(), deadline, cellDir, runs);
                    CellJournal.write(new GoodputResult(cell, profile.name(), launch.describe(), runs, broken),
                            List.of(), true, cellDir);
                }
            } catch (LaunchException e) {
                broken = Optional.of(e.getMessage());
            }
            return new GoodputResult(cell, profile.name(), launch.describe(), runs, broken);
        }
    }

    private Optional<String> download(GoodputCell cell, RunningServer server, int number, boolean warmup,
            long deadline, Path cellDir, List<RunResult> runs) throws IOException {
        Duration left = Duration.ofNanos(deadline - System.nanoTime());
        if (left.toMillis() < 1000) {
            return Optional.of("cell ran out of its " + profile.cellTimeout(cell.size()).toSeconds()
                    + " s budget before run " + number);
        }
        Duration timeout = profile.clientTimeout(cell.size());
        timeout = timeout.compareTo(left) < 0 ? timeout : left;
        ClientOptions options = new ClientOptions(server.host(), server.port(), cell.size(), 0, timeout);
        String name = String.format("run-%02d%s", number, warmup ? "-warmup" : "");
        CpuSnapshot before = server.cpu();
        ClientRun run = cell.environment().runClient(cell.implementation().clientLaunch(options), timeout, cellDir, name);
        if (!server.isAlive()) {
            return Optional.of("server exited during run " + number + "; last stderr lines:\n"
                    + Logs.tail(server.stderrLog(), 20));
        }
        CpuSnapshot after = server.cpu();
        if (run.timedOut()) {
            return Optional.of("run " + number + ": client did not finish within " + timeout.toSeconds()
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
        runs.add(new RunResult(number, warmup, report, after.since(before)));
        return Optional.empty();
    }
}
