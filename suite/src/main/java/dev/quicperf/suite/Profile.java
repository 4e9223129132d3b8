package dev.quicperf.suite;

import dev.quicperf.adapter.load.LoadScenario;
import dev.quicperf.suite.load.LoadPlan;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How big a matrix run is. {@code smoke} finishes in minutes on two cores; {@code thesis} uses
 * the study's parameters: goodput 2 KB to 2 GB with 3 warm-up + 30 measured runs, response time
 * and RPS with 144 clients or connections and 100,000 requests.
 *
 * <p>Load cells (response-time, rps, handshakes) run {@code loadWarmupRuns} discarded client
 * runs and then {@code loadMeasuredRuns} measured ones; each run first does its plan's warm-up
 * requests, untimed.
 *
 * <p>{@code profiledRuns} goodput downloads run with the server under the CPU profiler,
 * interleaved with the measured ones so that the profiler's cost is measured in the same run;
 * they feed the CPU breakdown and never the headline numbers. Load cells add one profiled run
 * when it is above zero. {@code -Dquicperf.breakdown=false} sets it to zero.
 *
 * <p>With {@code clientWarmup} every goodput client first downloads what its implementation asks
 * for ({@link dev.quicperf.adapter.Implementation#clientWarmupBytes()}) before the download it
 * times; {@code -Dquicperf.clientWarmup=false} turns that off, to see what a cold client costs.
 *
 * <p>Goodput cells of {@code ioModeSizes} run once per I/O mode a server has
 * ({@link dev.quicperf.adapter.Implementation#ioModes()}); other sizes in its default mode only.
 */
public record Profile(String name, List<Long> goodputSizes, int warmupRuns, int measuredRuns, int profiledRuns,
        Duration minClientTimeout, Map<LoadScenario, LoadPlan> loadPlans, int loadWarmupRuns, int loadMeasuredRuns,
        boolean clientWarmup, List<Long> ioModeSizes) {

    /** The study's response-time and RPS experiments: 144 clients or connections, 100,000 requests. */
    public static final int THESIS_CLIENTS = 144;
    public static final long THESIS_REQUESTS = 100_000;

    public static final String PROPERTY = "quicperf.profile";
    public static final String BREAKDOWN = "quicperf.breakdown";
    public static final String CLIENT_WARMUP = "quicperf.clientWarmup";

    public static Profile named(String name) {
        return switch (name == null || name.isBlank() ? "smoke" : name.strip()) {
            // One warm-up run: every run's client first downloads 10-50 MB untimed from the same
            // server (clientWarmupBytes), so a JVM server is compiled well before the measured runs.
            // Two profiled runs (three before 2026-11-28): a cell whose windows hold too few samples
            // adds more by itself (GoodputRunner.needsMoreSamples).
            case "smoke" -> new Profile("smoke", sizes("2KB", "2MB", "20MB"), 1, 5, 2, Duration.ofSeconds(60), Map.of(
                    // 160 timed requests (400 before the stacks of 2026-11-28 joined the matrix): a kwik
                    // run costs 25 connection set-ups a second, and the default test run must stay short.
                    LoadScenario.RESPONSE_TIME, new LoadPlan(16, 160, 40, 1),
                    // 3,000 warm-up requests: a fraction of a second for Netty, three seconds a run for kwik.
                    LoadScenario.RPS, new LoadPlan(16, 10_000, 3_000, ByteSize.parse("2KB")),
                    LoadScenario.HANDSHAKES, new LoadPlan(16, 160, 40, 0)), 1, 4, true, sizes("20MB"));
            // The study's numbers; warm-up requests are ours (a JVM needs them, the study's C servers did not).
            case "thesis" -> new Profile("thesis", sizes("2KB", "2MB", "20MB", "200MB", "2GB"), 3, 30, 3, Duration.ofSeconds(60), Map.of(
                    LoadScenario.RESPONSE_TIME, new LoadPlan(THESIS_CLIENTS, THESIS_REQUESTS, 10_000, 1),
                    LoadScenario.RPS, new LoadPlan(THESIS_CLIENTS, THESIS_REQUESTS, 10_000, ByteSize.parse("2KB")),
                    LoadScenario.HANDSHAKES, new LoadPlan(THESIS_CLIENTS, THESIS_REQUESTS, 10_000, 0)), 1, 3, true,
                    sizes("200MB"));
            default -> throw new IllegalArgumentException("unknown profile '" + name + "' in -D" + PROPERTY
                    + "; expected smoke (the default) or thesis");
        };
    }

    public static Profile fromSystemProperties() {
        Profile p = named(System.getProperty(PROPERTY));
        if (!flag(BREAKDOWN, "profile some runs for the CPU breakdown")) {
            p = p.withProfiledRuns(0);
        }
        return p.withClientWarmup(flag(CLIENT_WARMUP, "goodput clients download once before the timed download"));
    }

    private static boolean flag(String property, String whatTrueDoes) {
        String value = System.getProperty(property, "true").strip();
        return switch (value) {
            case "true", "" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("-D" + property + "=" + value
                    + " is not a boolean; use true (the default: " + whatTrueDoes + ") or false");
        };
    }

    public Profile withClientWarmup(boolean on) {
        return new Profile(name, goodputSizes, warmupRuns, measuredRuns, profiledRuns, minClientTimeout, loadPlans,
                loadWarmupRuns, loadMeasuredRuns, on, ioModeSizes);
    }

    public Profile withProfiledRuns(int runs) {
        return new Profile(name, goodputSizes, warmupRuns, measuredRuns, runs, minClientTimeout, loadPlans,
                loadWarmupRuns, loadMeasuredRuns, clientWarmup, ioModeSizes);
    }

    /** The same profile with other goodput run counts (a test that must finish quickly). */
    public Profile withGoodputRuns(int warmup, int measured) {
        return new Profile(name, goodputSizes, warmup, measured, profiledRuns, minClientTimeout, loadPlans,
                loadWarmupRuns, loadMeasuredRuns, clientWarmup, ioModeSizes);
    }

    private static List<Long> sizes(String... texts) {
        return java.util.Arrays.stream(texts).map(ByteSize::parse).toList();
    }

    /**
     * A client's deadline for one download: generous enough for a slow stack on a loaded
     * machine (10 Mbps floor) and never below {@code minClientTimeout}.
     */
    public Duration clientTimeout(long bytes) {
        Duration floor = Duration.ofSeconds(bytes * 8 / 10_000_000L);
        return floor.compareTo(minClientTimeout) > 0 ? floor : minClientTimeout;
    }

    /** A whole cell's deadline: every run at its own deadline, plus a minute for the server to start and stop. */
    public Duration cellTimeout(long bytes) {
        return clientTimeout(bytes).multipliedBy(warmupRuns + measuredRuns + profiledRuns).plusSeconds(60);
    }

    /** The same profile with a different client deadline floor (fault tests use seconds, not a minute). */
    public Profile withMinClientTimeout(Duration timeout) {
        return new Profile(name, goodputSizes, warmupRuns, measuredRuns, profiledRuns, timeout, loadPlans,
                loadWarmupRuns, loadMeasuredRuns, clientWarmup, ioModeSizes);
    }

    /** Load cells profile one extra run when the profile profiles at all. */
    public int loadProfiledRuns() {
        return profiledRuns > 0 ? 1 : 0;
    }

    public LoadPlan loadPlan(LoadScenario scenario) {
        LoadPlan plan = loadPlans.get(scenario);
        if (plan == null) {
            throw new IllegalStateException("profile " + name + " has no plan for scenario " + scenario);
        }
        return plan;
    }

    /**
     * A load client's deadline for one run: its requests at a floor of 20 per second (far below
     * any working stack here) plus 30 s for connecting and starting the JVM, never below
     * {@code minClientTimeout}.
     */
    public Duration loadClientTimeout(LoadPlan plan) {
        Duration floor = Duration.ofSeconds(30 + (plan.requests() + plan.warmupRequests()) / 20);
        return floor.compareTo(minClientTimeout) > 0 ? floor : minClientTimeout;
    }

    /** A load cell's deadline: every run at its own deadline, plus a minute for the server. */
    public Duration loadCellTimeout(LoadPlan plan) {
        return loadClientTimeout(plan).multipliedBy(loadWarmupRuns + loadMeasuredRuns + loadProfiledRuns())
                .plusSeconds(60);
    }
}
