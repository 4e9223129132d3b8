package dev.quicperf.kwik;

import dev.quicperf.adapter.load.LoadRecorder;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The load client's worker threads, the same ones for the warm-up and the timed phase (so the
 * timed phase does not pay for starting hundreds of threads, and each rps worker keeps its
 * connection). In each phase every worker takes tickets from the {@link LoadRecorder} until there
 * are none left, then waits for the next phase.
 */
final class PhasedWorkers {

    /** One ticket's work for worker {@code worker}; it must settle the ticket with the recorder. */
    interface Unit {
        void run(int worker);
    }

    private static final int PHASES = 2;

    private final LoadRecorder recorder;
    private final Unit unit;
    private final int count;
    private final CountDownLatch[] started = new CountDownLatch[PHASES];
    private final CountDownLatch[] drained = new CountDownLatch[PHASES];
    private int phase = -1;

    PhasedWorkers(LoadRecorder recorder, int count, Unit unit) {
        this.recorder = recorder;
        this.count = count;
        this.unit = unit;
        for (int p = 0; p < PHASES; p++) {
            started[p] = new CountDownLatch(1);
            drained[p] = new CountDownLatch(count);
        }
        for (int w = 0; w < count; w++) {
            int worker = w;
            Thread t = new Thread(() -> work(worker), "load-worker-" + w);
            // Daemon: a worker blocked in kwik when the run fails must not keep the JVM alive.
            t.setDaemon(true);
            t.start();
        }
    }

    int count() {
        return count;
    }

    /** Lets the workers loose on the phase the recorder has just begun (warm-up, then timed). */
    void startPhase() {
        started[++phase].countDown();
    }

    /**
     * Waits until every worker has stopped taking tickets of the current phase, so none takes
     * one of the next phase before its own time and the connections carry exactly the intended
     * number of requests from the start of the timed phase.
     *
     * @return false when the deadline came first
     */
    boolean awaitDrained(long deadlineNanos) throws InterruptedException {
        return drained[phase].await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private void work(int worker) {
        try {
            for (int p = 0; p < PHASES; p++) {
                started[p].await();
                while (recorder.claim()) {
                    unit.run(worker);
                }
                drained[p].countDown();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
