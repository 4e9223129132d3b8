package dev.quicperf.adapter;

/**
 * Lines a client writes on stderr right before and right after the work it times, so the
 * harness can read the server's CPU (and open a profiler window) over exactly that span rather
 * than over the client JVM's start and exit.
 */
public final class PhaseMarks {

    public static final String BEGIN = "QUICPERF PHASE measured begin";
    public static final String END = "QUICPERF PHASE measured end";

    private PhaseMarks() {
    }
}
