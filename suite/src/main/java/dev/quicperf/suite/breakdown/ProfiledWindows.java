package dev.quicperf.suite.breakdown;

import dev.quicperf.adapter.Implementation;
import dev.quicperf.adapter.cpu.CpuSnapshot;
import dev.quicperf.environment.profile.CollapsedStacks;
import dev.quicperf.environment.profile.CpuBreakdown;
import dev.quicperf.environment.profile.StackClassifier;
import dev.quicperf.environment.profile.ThreadWeightedTally;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The profiled windows of one cell, added up: their stacks, the server's OS-measured CPU over
 * them and the units of work they did. A window that failed leaves the cell without a
 * breakdown and with the reason, never with a partial one that looks whole.
 */
public final class ProfiledWindows {

    /** Each cell aims at about this many samples over all its profiled windows. */
    public static final long TARGET_SAMPLES = 2000;
    public static final long MIN_INTERVAL_NANOS = 250_000;
    static final long MAX_INTERVAL_NANOS = 1_000_000;

    private final String unit;
    private final boolean enabled;
    private final String offBecause;
    private final ThreadWeightedTally tally;
    private CollapsedStacks stacks = CollapsedStacks.empty();
    private long osCpuNanos;
    private long units;
    private int windows;
    private final List<String> unitsProblems = new ArrayList<>();
    private final List<String> dropped = new ArrayList<>();
    private String failure;
    private boolean unavailable;
    private long intervalNanos;
    private String profiler = "none";

    /**
     * @param unit what one unit of work is, e.g. {@code packet}
     * @param enabled false when the profile profiles no runs: the result then says so
     */
    public ProfiledWindows(String unit, Implementation impl, boolean enabled) {
        this(unit, impl, enabled, "the profile profiles no runs (-Dquicperf.breakdown=false?)");
    }

    /** @param offBecause what the result says when {@code enabled} is false */
    public ProfiledWindows(String unit, Implementation impl, boolean enabled, String offBecause) {
        this.unit = unit;
        this.enabled = enabled;
        this.offBecause = offBecause;
        this.tally = new ThreadWeightedTally(StackClassifier.withCommonRules(impl.cpuRules()));
    }

    /**
     * The sampling interval for windows expected to cost {@code expectedCpuNanos} of server CPU
     * in all: fine enough for {@value #TARGET_SAMPLES} samples, between 0.1 and 1 ms. The same
     * interval is used for every window of a cell.
     */
    public long intervalFor(double expectedCpuNanos) {
        if (intervalNanos == 0) {
            double ideal = expectedCpuNanos > 0 ? expectedCpuNanos / TARGET_SAMPLES : MAX_INTERVAL_NANOS;
            long rounded = Math.round(ideal / 10_000) * 10_000;
            intervalNanos = Math.max(MIN_INTERVAL_NANOS, Math.min(MAX_INTERVAL_NANOS, rounded));
        }
        return intervalNanos;
    }

    /**
     * @param windowUnits units of work done in the window; empty when they could not be counted
     * @param whyNoUnits why not, when empty
     */
    public void add(CollapsedStacks windowStacks, CpuSnapshot before, CpuSnapshot after, Optional<Long> windowUnits,
            String whyNoUnits) {
        long windowOsCpuNanos = after.since(before).totalNanos();
        tally.add(windowStacks, intervalNanos, after.threadNanosSince(before));
        stacks = stacks.plus(windowStacks);
        osCpuNanos += windowOsCpuNanos;
        windows++;
        if (windowUnits.isPresent()) {
            units += windowUnits.get();
        } else {
            unitsProblems.add(whyNoUnits);
        }
    }

    /**
     * A window that cannot be trusted to cover its run (it opened after the client had
     * started): left out of the breakdown, which says how many were.
     */
    public void drop(String why) {
        dropped.add(why);
    }

    /** The interval the profiler actually sampled at (it may coarsen what it was asked for). */
    public void sampledAt(long nanos) {
        intervalNanos = nanos;
    }

    /** The tool that sampled the windows, for the report. */
    public void profiledWith(String description) {
        profiler = description;
    }

    /** A window could not be profiled: the cell keeps its numbers but has no breakdown. */
    public void fail(String why) {
        if (failure == null) {
            failure = why;
        }
    }

    /** The server cannot be profiled here (e.g. no profiler for its kind): no breakdown, and no fault. */
    public void unavailable(String why) {
        fail(why);
        unavailable = true;
    }

    public boolean failed() {
        return failure != null;
    }

    public int windows() {
        return windows;
    }

    /** Windows left out because they opened too late; see {@link #drop}. */
    public int dropped() {
        return dropped.size();
    }

    public CollapsedStacks stacks() {
        return stacks;
    }

    /** The breakdown, or why there is none. */
    public Result result() {
        if (!enabled) {
            return Result.none(offBecause);
        }
        if (failure != null) {
            return missing(failure);
        }
        if (windows == 0 && !dropped.isEmpty()) {
            return missing("every profiled run was left out (" + dropped.size() + "): " + dropped.get(0));
        }
        if (windows == 0 || stacks.isEmpty()) {
            return missing(windows == 0 ? "no profiled run finished" : "the profiler recorded no samples");
        }
        long counted = unitsProblems.isEmpty() ? units : 0;
        String problem = unitsProblems.isEmpty() ? null : unitsProblems.get(0);
        boolean kernel = stacks.bySamples().keySet().stream().anyMatch(s -> s.contains("_[k]"));
        CpuBreakdown breakdown = CpuBreakdown.of(tally, intervalNanos, osCpuNanos, unit, counted, problem, kernel);
        if (!dropped.isEmpty()) {
            breakdown = breakdown.withCaveat(dropped.size() + " profiled run(s) left out: " + dropped.get(0));
        }
        return new Result(Optional.of(breakdown), Optional.empty(), stacks, windows, profiler, false);
    }

    private Result missing(String why) {
        return new Result(Optional.empty(), Optional.of(why), stacks, windows, profiler, unavailable);
    }

    /**
     * A cell's breakdown or the reason it has none, with the stacks behind it.
     *
     * @param expectedMissing the breakdown is missing by design (profiling off, or no profiler
     *        for this server here), not because profiling failed
     */
    public record Result(Optional<CpuBreakdown> breakdown, Optional<String> missingBecause, CollapsedStacks stacks,
            int windows, String profiler, boolean expectedMissing) {

        /** Why profiling failed where it should have worked; empty when there is a breakdown or none was expected. */
        public Optional<String> failure() {
            return breakdown.isPresent() || expectedMissing ? Optional.empty() : missingBecause;
        }

        /** What a cell's journal carries while the cell still runs. */
        public static final Result UNFINISHED = none("the cell has not finished");

        /** For a cell that profiles nothing, saying why. */
        public static Result none(String why) {
            return new Result(Optional.empty(), Optional.of(why), CollapsedStacks.empty(), 0, "none", true);
        }
    }
}
