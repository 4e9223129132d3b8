package dev.quicperf.suite.load;

import dev.quicperf.adapter.load.LoadRecorder;
import dev.quicperf.environment.CpuSnapshot;
import dev.quicperf.environment.CpuUsage;
import dev.quicperf.environment.RunningServer;
import java.util.Optional;

/**
 * Reads the server's CPU when the load client announces the start and the end of its timed
 * phase on stderr, so the server's cost per request leaves out connection set-up, warm-up and
 * the client JVM's start. The marks reach the harness within a millisecond or so of being
 * written; against timed phases of a second or more that is noise.
 */
final class TimedPhaseCpu {

    private final RunningServer server;
    private volatile CpuSnapshot begin;
    private volatile CpuSnapshot end;
    private volatile String problem;

    TimedPhaseCpu(RunningServer server) {
        this.server = server;
    }

    /** One line of the client's stderr. */
    void accept(String line) {
        try {
            if (line.equals(LoadRecorder.TIMED_PHASE_BEGINS) && begin == null) {
                begin = server.cpu();
            } else if (line.equals(LoadRecorder.TIMED_PHASE_ENDS) && begin != null && end == null) {
                end = server.cpu();
            }
        } catch (RuntimeException e) {
            problem = "reading the server's CPU at '" + line + "' failed: " + e.getMessage();
        }
    }

    /** Why there is no usage, in words for a broken cell. */
    String whyMissing() {
        if (problem != null) {
            return problem;
        }
        return begin == null ? "the load client never wrote '" + LoadRecorder.TIMED_PHASE_BEGINS + "' on stderr"
                : "the load client never wrote '" + LoadRecorder.TIMED_PHASE_ENDS + "' on stderr";
    }

    /** The server's CPU over the timed phase, when both marks arrived. */
    Optional<CpuUsage> usage() {
        CpuSnapshot b = begin;
        CpuSnapshot e = end;
        return b != null && e != null ? Optional.of(e.since(b)) : Optional.empty();
    }
}
