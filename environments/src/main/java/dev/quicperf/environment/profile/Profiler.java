package dev.quicperf.environment.profile;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Samples one running server's stacks on CPU, in windows the harness opens and closes around
 * the work it wants explained. Outside a window it costs the server nothing measurable.
 */
public interface Profiler {

    /** Why this server cannot be profiled here, if it cannot; then start and stop fail. */
    Optional<String> unavailableBecause();

    /**
     * Does once, outside any timed window, what would otherwise make the first window open
     * late (e.g. the first attach to a JVM starts its attach listener: about 100 ms here).
     */
    default void prepare() throws ProfilerException {
    }

    /** The tool and how it samples, for reports, e.g. {@code async-profiler 4.1, event=cpu}. */
    String describe();

    /**
     * How many profiled runs beyond those planned a cell may add when its windows are too short
     * for enough samples. A window of async-profiler costs little; one of Linux perf with DWARF
     * call chains costs seconds of post-processing, so few are worth it.
     */
    default int extraWindowsWorthIt() {
        return 6;
    }

    /**
     * Opens a window sampling on-CPU stacks about every {@code intervalNanos} of CPU time.
     *
     * @return the interval it samples at, which a profiler may coarsen (e.g. perf with DWARF)
     */
    long start(long intervalNanos) throws ProfilerException;

    /**
     * Closes the window, writes its stacks to {@code collapsedFile} and returns them, each
     * rooted in a {@code [thread-name tid=N]} frame.
     */
    CollapsedStacks stop(Path collapsedFile) throws ProfilerException;

    /** A profiler for a server that cannot be profiled, saying why. */
    static Profiler unavailable(String reason) {
        return new Profiler() {
            @Override
            public Optional<String> unavailableBecause() {
                return Optional.of(reason);
            }

            @Override
            public String describe() {
                return "none (" + reason + ")";
            }

            @Override
            public long start(long intervalNanos) throws ProfilerException {
                throw new ProfilerException(reason);
            }

            @Override
            public CollapsedStacks stop(Path collapsedFile) throws ProfilerException {
                throw new ProfilerException(reason);
            }
        };
    }
}
