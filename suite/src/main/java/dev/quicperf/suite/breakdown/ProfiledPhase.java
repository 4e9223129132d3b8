package dev.quicperf.suite.breakdown;

import dev.quicperf.adapter.PhaseMarks;
import dev.quicperf.adapter.cpu.CpuSnapshot;
import dev.quicperf.environment.RunningServer;
import dev.quicperf.environment.profile.CollapsedStacks;
import dev.quicperf.environment.profile.Profiler;
import dev.quicperf.environment.profile.ProfilerException;
import dev.quicperf.suite.TimedPhaseCpu;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The profiler window of one profiled run: opened when the client starts its timed phase,
 * closed when it ends, and added to the cell's breakdown once the run is known good and its
 * units of work (requests, packets) are counted.
 */
public final class ProfiledPhase implements TimedPhaseCpu.ProfilerWindow {

    private final ProfiledWindows windows;
    private final RunningServer server;
    private final Path collapsedFile;
    private final double expectedCpuNanos;
    private boolean open;
    private final Optional<Duration> mustOpenWithin;
    /** How long the profiler took to start. */
    private long openNanos;
    private CollapsedStacks stacks;
    private CpuSnapshot begin;
    private CpuSnapshot end;

    /**
     * @param mustOpenWithin how long the profiler may take to start before the window misses
     *        work its units count: a goodput client starts {@link PhaseMarks#SETTLE_MILLIS} after
     *        its mark; a load client's phase runs on at once but for seconds (empty: no limit)
     */
    public ProfiledPhase(ProfiledWindows windows, RunningServer server, Path collapsedFile, double expectedCpuNanos,
            Optional<Duration> mustOpenWithin) {
        this.windows = windows;
        this.mustOpenWithin = mustOpenWithin;
        this.server = server;
        this.collapsedFile = collapsedFile;
        this.expectedCpuNanos = expectedCpuNanos;
        Profiler profiler = server.profiler();
        if (profiler.unavailableBecause().isEmpty() && !windows.failed()) {
            try {
                profiler.prepare();
            } catch (ProfilerException e) {
                windows.fail(e.getMessage());
            }
        }
    }

    @Override
    public void open() {
        if (windows.failed()) {
            return;
        }
        Profiler profiler = server.profiler();
        if (profiler.unavailableBecause().isPresent()) {
            windows.unavailable(profiler.unavailableBecause().get());
            return;
        }
        try {
            long t = System.nanoTime();
            windows.sampledAt(profiler.start(windows.intervalFor(expectedCpuNanos)));
            openNanos = System.nanoTime() - t;
            windows.profiledWith(profiler.describe());
            open = true;
        } catch (ProfilerException e) {
            windows.fail(e.getMessage());
        }
    }

    @Override
    public void close(CpuSnapshot begin, CpuSnapshot end) {
        if (!open) {
            return;
        }
        open = false;
        try {
            stacks = server.profiler().stop(collapsedFile);
            this.begin = begin;
            this.end = end;
        } catch (ProfilerException e) {
            windows.fail(e.getMessage());
        }
    }

    /**
     * Adds the window once the run is known good; a window still open (no end mark) is closed
     * and dropped.
     *
     * @param units the run's units of work; empty with {@code whyNoUnits} when not counted
     */
    public void finish(Optional<Long> units, String whyNoUnits) {
        if (open) {
            close(null, null);
            windows.fail("the load client never marked the end of its timed phase");
            return;
        }
        if (stacks == null || begin == null) {
            return;
        }
        if (mustOpenWithin.isPresent() && openNanos > mustOpenWithin.get().toNanos()) {
            // The server's CPU was read once the profiler ran, so the window may have missed the
            // start of the work its units count.
            windows.drop(String.format("the profiler took %.0f ms to start, longer than the %d ms the client waits",
                    openNanos / 1e6, mustOpenWithin.get().toMillis()));
            return;
        }
        windows.add(stacks, begin, end, units, whyNoUnits);
    }
}
