package dev.quicperf.kwik;

import java.util.List;

/**
 * What one load scenario does on kwik; {@link KwikLoadClient} runs the phases around it. Units
 * run on {@link PhasedWorkers} threads and settle every ticket they take with the recorder,
 * failures included; they never throw.
 */
interface LoadScenarioDriver {

    /**
     * Sets up, before the warm-up, what the scenario keeps for the whole run (rps: its
     * connections). A failure or the deadline is reported to the recorder, which then stops.
     */
    void prepare(long deadlineNanos) throws InterruptedException;

    /** How many workers run units concurrently. */
    int workers();

    /** One ticket's work, on worker {@code worker}'s thread. */
    void unit(int worker);

    /** The workers' requests, for {@link StuckRequestPinger}; empty when the scenario makes none. */
    List<LoadRequest> requests();

    /** Why an exception ended a unit, for the report: its type and message, and its cause's. */
    static String describe(Throwable e) {
        StringBuilder m = new StringBuilder(e.getClass().getSimpleName());
        if (e.getMessage() != null && !e.getMessage().isBlank()) {
            m.append(": ").append(e.getMessage());
        }
        Throwable cause = e.getCause();
        if (cause != null && cause != e && (e.getMessage() == null || !e.getMessage().contains(cause.toString()))) {
            m.append(" (caused by ").append(cause).append(')');
        }
        return m.toString();
    }
}
