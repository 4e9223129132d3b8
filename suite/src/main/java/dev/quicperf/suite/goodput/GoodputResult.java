package dev.quicperf.suite.goodput;

import dev.quicperf.suite.breakdown.ProfiledWindows;
import dev.quicperf.suite.stats.Welch;
import dev.quicperf.suite.ClientBound;
import dev.quicperf.suite.stats.Summary;
import java.util.List;
import java.util.Optional;

/**
 * Everything one cell measured. {@code broken} says why the cell could not finish (a client
 * error, a stall, a dead server); the runs before it are kept.
 */
public record GoodputResult(GoodputCell cell, String profile, String serverLaunch, List<RunResult> runs,
        Optional<String> broken, ProfiledWindows.Result breakdown) {


    public GoodputResult {
        runs = List.copyOf(runs);
    }

    public List<RunResult> measured() {
        return runs.stream().filter(RunResult::measured).toList();
    }

    public List<RunResult> profiled() {
        return runs.stream().filter(RunResult::profiled).toList();
    }

    /** Server CPU per packet it sent over the measured runs, µs; empty when the server did not count packets. */
    public Optional<Summary> serverCpuPerPacket() {
        return summary(measured().stream().mapToDouble(RunResult::serverCpuMicrosPerPacket)
                .filter(v -> !Double.isNaN(v)).toArray());
    }

    /** Goodput of the profiled runs against the measured ones: what the profiler costs. */
    public Optional<Welch> profilerOverhead() {
        Optional<Summary> with = summary(profiled().stream().mapToDouble(RunResult::goodputMbps).toArray());
        return goodput().flatMap(without -> with.map(w -> Welch.compare(without, w)));
    }

    public Optional<Summary> goodput() {
        return summary(measured().stream().mapToDouble(RunResult::goodputMbps).toArray());
    }

    public Optional<Summary> serverCpuPerMB() {
        return summary(measured().stream().mapToDouble(RunResult::serverCpuMsPerMB).toArray());
    }

    /** Client CPU share of its cores per measured run; see {@link RunResult#clientCpuShare(int)}. */
    public Optional<Summary> clientCpuShare() {
        int cores = cell.environment().clientCores();
        return summary(measured().stream().mapToDouble(r -> r.clientCpuShare(cores)).filter(v -> !Double.isNaN(v)).toArray());
    }

    /**
     * Whether the client used at least {@link ClientBound#SHARE} of its cores on average: the
     * goodput then measures how fast the client could take the data, not the server.
     */
    public boolean clientBound() {
        return ClientBound.of(clientCpuShare());
    }

    private static Optional<Summary> summary(double[] samples) {
        return samples.length == 0 ? Optional.empty() : Optional.of(Summary.of(samples));
    }
}
