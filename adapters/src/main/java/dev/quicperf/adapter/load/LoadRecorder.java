package dev.quicperf.adapter.load;

import dev.quicperf.adapter.cpu.ProcessCpu;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The bookkeeping every load client shares, whatever its threading: tickets for the work to do,
 * latency histograms, the timed phase's wall and CPU time, failures, a progress line on stderr,
 * and the final {@link LoadReport}. Thread-safe: workers on any thread call in.
 *
 * <p>A run is a warm-up phase then a timed phase. Each phase hands out tickets with
 * {@link #claim()}; a worker that took one settles it with {@link #completed} or
 * {@link #failed}. The first failure stops the handing out, so a broken run ends soon with its
 * reason instead of hammering a dead server until the deadline.
 */
public final class LoadRecorder {

    /** Failure messages kept verbatim in the report; the rest are counted. */
    private static final int KEPT_ERRORS = 10;

    private final LoadOptions options;
    private final String implementation;
    private final String version;
    private final PrintStream progressOut;

    private final Histogram connects = LatencyHistograms.empty();
    private final Histogram requests = LatencyHistograms.empty();
    private final List<String> errors = new ArrayList<>();
    private final long created = System.nanoTime();

    // Guarded by this.
    private boolean measuring;
    private long phaseTotal;
    private long claimed;
    private long settled;
    private long warmupCompleted;
    private long completed;
    private long failed;
    private long bytesVerified;
    private long start;
    private long end;
    private ProcessCpu.Mark cpuStart;
    /** CPU of the timed phase, fixed when its last ticket settles; -1 until then. */
    private long cpuUsed = -1;
    private String abort;

    public LoadRecorder(LoadOptions options, String implementation, String version, PrintStream progressOut) {
        this.options = options;
        this.implementation = implementation;
        this.version = version;
        this.progressOut = progressOut;
    }

    public LoadOptions options() {
        return options;
    }

    /** Starts the warm-up phase; an empty one ends at once. */
    public synchronized void beginWarmup() {
        phaseTotal = options.warmup();
        claimed = 0;
        settled = 0;
        measuring = false;
    }

    /**
     * Marks a harness watching stderr acts on at once (it reads the server's CPU there), so the
     * server's cost of the timed phase excludes connection set-up and warm-up.
     */
    public static final String TIMED_PHASE_BEGINS = dev.quicperf.adapter.PhaseMarks.BEGIN;
    public static final String TIMED_PHASE_ENDS = dev.quicperf.adapter.PhaseMarks.END;

    /** Starts the timed phase: wall clock and process CPU from now. */
    public synchronized void beginMeasured() {
        progressOut.println(TIMED_PHASE_BEGINS);
        progressOut.flush();
        phaseTotal = options.requests();
        claimed = 0;
        settled = 0;
        measuring = true;
        cpuStart = ProcessCpu.mark();
        start = System.nanoTime();
    }

    /** Takes one unit of work of the current phase; false when there is none left or the run failed. */
    public synchronized boolean claim() {
        if (abort != null || claimed >= phaseTotal) {
            return false;
        }
        claimed++;
        return true;
    }

    /** Records a handshake's time (connect call to handshake complete), in the timed phase only. */
    public synchronized void connected(long nanos) {
        if (measuring) {
            LatencyHistograms.record(connects, nanos);
        }
    }

    /** Records a connection set up before the timed phase (rps): its time counts, it is no request. */
    public synchronized void connectedBeforeTiming(long nanos) {
        LatencyHistograms.record(connects, nanos);
    }

    /**
     * Settles a ticket as done.
     *
     * @param requestNanos the request's latency, or -1 for a handshake-only unit
     * @param verified     response bytes verified against the pattern
     */
    public synchronized void completed(long requestNanos, long verified) {
        if (measuring) {
            completed++;
            bytesVerified += verified;
            if (requestNanos >= 0) {
                LatencyHistograms.record(requests, requestNanos);
            }
        } else {
            warmupCompleted++;
        }
        settle();
    }

    /** Settles a ticket as failed and stops handing out more. */
    public synchronized void failed(String error) {
        failed++;
        if (errors.size() < KEPT_ERRORS) {
            errors.add((measuring ? "" : "warm-up: ") + error);
        }
        if (abort == null) {
            abort = error;
        }
        settle();
    }

    /** Ends the run from outside (the deadline): outstanding work no longer counts. */
    public synchronized void abort(String reason) {
        if (abort == null) {
            abort = reason;
            errors.add(0, reason);
        }
        notifyAll();
    }

    private void settle() {
        settled++;
        if (phaseDone()) {
            if (measuring && end == 0) {
                end = System.nanoTime();
                cpuUsed = cpuStart.nanosUsed();
                progressOut.println(TIMED_PHASE_ENDS);
                progressOut.flush();
            }
            notifyAll();
        }
    }

    private boolean phaseDone() {
        return settled >= phaseTotal || (abort != null && settled >= claimed);
    }

    /**
     * Waits until the current phase has settled every ticket, the run failed, or the deadline.
     *
     * @return true when the phase finished without failure
     */
    public synchronized boolean awaitPhase(long deadlineNanos) throws InterruptedException {
        while (!phaseDone() && abort == null) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                abort("timeout after " + options.timeout().toMillis() + " ms: " + progressWords());
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return abort == null;
    }

    /** Whether the run is still going (no failure, no deadline). */
    public synchronized boolean running() {
        return abort == null;
    }

    private String progressWords() {
        return (measuring ? "timed phase: " : "warm-up: ") + settled + " of " + phaseTotal + " done, "
                + (claimed - settled) + " in flight";
    }

    /**
     * Starts a daemon thread that prints {@code QUICPERF PROGRESS ...} on stderr every
     * {@code periodMillis}; it only reads counters, so it stays off the measured path.
     */
    public void startProgressLine(long periodMillis) {
        Thread t = new Thread(() -> {
            try {
                while (true) {
                    Thread.sleep(periodMillis);
                    progressOut.println(progressLine());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "load-progress");
        t.setDaemon(true);
        t.start();
    }

    /** {@code ms} is this recorder's age, so a reader computes rates without trusting its own polling clock. */
    synchronized String progressLine() {
        return "QUICPERF PROGRESS phase=" + (measuring ? "measured" : "warmup") + " done=" + settled
                + " total=" + phaseTotal + " failed=" + failed + " ms=" + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - created);
    }

    /** The report of the run so far; {@code ok} only when every timed ticket completed. */
    public synchronized LoadReport report() {
        long stop = end != 0 ? end : System.nanoTime();
        boolean ok = abort == null && measuring && completed == options.requests();
        String error = ok ? null : abort != null ? abort : "the timed phase did not run";
        long duration = start == 0 ? 0 : stop - start;
        long cpu = end != 0 ? cpuUsed : cpuStart == null ? -1 : cpuStart.nanosUsed();
        return new LoadReport(LoadReport.SCHEMA, options.scenario().id, implementation, version, ok,
                options.connections(), options.requests(), warmupCompleted, completed, failed, bytesVerified,
                duration, cpu, Runtime.getRuntime().availableProcessors(), LatencyHistograms.encode(connects),
                LatencyHistograms.encode(requests), errors, error);
    }
}
