package dev.quicperf.suite.load;

import dev.quicperf.suite.breakdown.ProfiledWindows;
import dev.quicperf.suite.stats.Welch;
import dev.quicperf.adapter.load.LatencyHistograms;
import dev.quicperf.adapter.load.LoadScenario;
import dev.quicperf.suite.budget.Metric;
import dev.quicperf.suite.ClientBound;
import dev.quicperf.suite.stats.Summary;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;

/**
 * Everything one load cell measured. {@code broken} says why the cell could not finish; the runs
 * before it are kept.
 */
public record LoadResult(LoadCell cell, String profile, String serverLaunch, List<LoadRun> runs, Optional<String> broken,
        ProfiledWindows.Result breakdown) {


    public LoadResult {
        runs = List.copyOf(runs);
    }

    public List<LoadRun> measured() {
        return runs.stream().filter(LoadRun::measured).toList();
    }

    /** The profiled run's rate against the measured runs': what the profiler costs (one sample: no interval). */
    public Optional<Welch> profilerOverhead() {
        double[] profiled = runs.stream().filter(LoadRun::profiled).mapToDouble(LoadRun::perSecond).toArray();
        return profiled.length == 0 ? Optional.empty()
                : perSecond().map(without -> Welch.compare(without, Summary.of(profiled)));
    }

    public Optional<Summary> perSecond() {
        return summary(LoadRun::perSecond);
    }

    public Optional<Summary> serverCpuPerRequest() {
        return summary(LoadRun::serverCpuMicrosPerRequest);
    }

    public Optional<Summary> connectP99() {
        return summary(LoadRun::connectP99Millis);
    }

    public Optional<Summary> requestP99() {
        return summary(LoadRun::requestP99Millis);
    }

    public Optional<Summary> clientCpuShare() {
        return summary(r -> r.report().clientCpuShare());
    }

    public Optional<Summary> serverCpuShare() {
        return summary(LoadRun::serverCpuShare);
    }

    /** Whether the client used at least {@link ClientBound#SHARE} of its cores, on average over the measured runs. */
    public boolean clientBound() {
        return ClientBound.of(clientCpuShare());
    }

    /** Connection times of all measured runs together. */
    public Histogram connectTimes() {
        return merged(LoadRun::connectHistogram);
    }

    /** Request completion times of all measured runs together. */
    public Histogram requestTimes() {
        return merged(LoadRun::requestHistogram);
    }

    /** The metrics a budget can judge. */
    public Map<Metric, Summary> metrics() {
        Map<Metric, Summary> m = new EnumMap<>(Metric.class);
        LoadScenario scenario = cell.scenario();
        perSecond().ifPresent(s -> m.put(scenario == LoadScenario.HANDSHAKES
                ? Metric.HANDSHAKES_PER_SECOND : Metric.REQUESTS_PER_SECOND, s));
        serverCpuPerRequest().ifPresent(s -> m.put(Metric.CPU_PER_REQUEST, s));
        if (scenario.newConnectionPerRequest()) {
            // rps connects once per connection before timing: too few samples for a p99 to mean much.
            connectP99().ifPresent(s -> m.put(Metric.CONNECT_P99, s));
        }
        if (scenario.hasRequests()) {
            requestP99().ifPresent(s -> m.put(Metric.REQUEST_P99, s));
        }
        return m;
    }

    private Histogram merged(java.util.function.Function<LoadRun, Histogram> which) {
        Histogram all = LatencyHistograms.empty();
        measured().forEach(r -> all.add(which.apply(r)));
        return all;
    }

    private Optional<Summary> summary(ToDoubleFunction<LoadRun> f) {
        double[] samples = measured().stream().mapToDouble(f).filter(v -> !Double.isNaN(v)).toArray();
        return samples.length == 0 ? Optional.empty() : Optional.of(Summary.of(samples));
    }
}
