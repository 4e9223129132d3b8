package dev.quicperf.adapter;

/**
 * Lines a client writes on stderr right before and right after the work it times, so the
 * harness can read the server's CPU (and open a profiler window) over exactly that span rather
 * than over the client JVM's start and exit.
 */
public final class PhaseMarks {

    public static final String BEGIN = "QUICPERF PHASE measured begin";
    public static final String END = "QUICPERF PHASE measured end";
    /**
     * How long a client waits after {@link #BEGIN} before it starts: the harness reads the
     * server's CPU and may attach a profiler at the mark (2-10 ms once the JVM's attach
     * listener runs), and a 2 KB download is over in less time than that. The wait is outside
     * every client-timed interval but inside the server's CPU window, where an idle server
     * spends next to nothing: keep it short.
     */
    public static final long SETTLE_MILLIS = 50;

    private PhaseMarks() {
    }

    /**
     * How long a client of a native server waits instead: such a server is sampled with Linux
     * perf, which took 200-270 ms to attach here (async-profiler: 2-10 ms).
     */
    public static final long NATIVE_SETTLE_MILLIS = 500;

    /** Writes {@link #BEGIN} on {@code stderr} and gives the harness time to act on it. */
    public static void begin(java.io.PrintStream stderr) {
        begin(stderr, SETTLE_MILLIS);
    }

    /** As {@link #begin(java.io.PrintStream)}, waiting {@code settleMillis}. */
    public static void begin(java.io.PrintStream stderr, long settleMillis) {
        stderr.println(BEGIN);
        stderr.flush();
        try {
            Thread.sleep(settleMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
