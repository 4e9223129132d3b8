package dev.quicperf.kwik;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import tech.kwik.core.QuicConnection;
import tech.kwik.core.QuicStream;

/**
 * Safety net for kwik 0.10.9's lost sender wake-up (see {@link StallSafeOutput} and docs/kwik.md).
 *
 * <p>{@link StallSafeOutput} keeps our own writes from losing the wake-up, but kwik schedules
 * stream sends from other places too: its receiver thread does when a MAX_STREAM_DATA or MAX_DATA
 * frame unblocks a stream, and a retransmission does. Either can lose the wake-up the same way
 * (more easily when sender and receiver threads run on different cores), and if our writer is
 * blocked on the full send buffer at that moment, or has already closed the stream with data or
 * the FIN still buffered, nothing would send the rest until the idle timeout.
 *
 * <p>So this watchdog watches the bytes a writer hands to kwik. When they stop moving for
 * {@value #FIRST_NUDGE_MILLIS_DEFAULT} ms (or after the writer closed the stream, while the FIN
 * may still be buffered) it nudges the stream with the same two public operations as
 * {@link StallSafeOutput}: queue the stream's send request if none is counted as queued, then
 * wake the sender. A nudge on a healthy stream does nothing: a request is already counted, so
 * none is queued, and the sender finds nothing new to send. A stream that is legitimately waiting
 * (congestion window, flow control, a slow reader) gets nudges at exponentially growing intervals,
 * up to one per 500 ms.
 *
 * <p>One daemon thread serves all streams of the process and parks while nothing is watched. Set
 * {@code -Dquicperf.kwik.watchdog=false} to turn it off (to reproduce the stall).
 */
final class SendStallWatchdog {

    static final boolean ENABLED = Tuning.booleanProperty("watchdog", true);
    /** First nudge after this long without progress; it is also the tick of the watchdog thread. */
    static final long FIRST_NUDGE_MILLIS_DEFAULT = 10;
    static final long FIRST_NUDGE_NANOS = TimeUnit.MILLISECONDS.toNanos(
            Tuning.longProperty("watchdogMillis", FIRST_NUDGE_MILLIS_DEFAULT));
    private static final long MAX_NUDGE_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    /** After the writer closed the stream: how long to keep making sure the FIN leaves. */
    private static final long AFTER_CLOSE_NANOS = TimeUnit.SECONDS.toNanos(30);

    private static final SendStallWatchdog INSTANCE = new SendStallWatchdog();

    private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
    private volatile Thread thread;

    private SendStallWatchdog() {
    }

    static SendStallWatchdog instance() {
        return INSTANCE;
    }

    /** Starts watching the output side of {@code stream}; close the watch when the writer is done with it. */
    Watch watch(QuicConnection connection, QuicStream stream) {
        Watch w = new Watch(connection, stream);
        if (ENABLED) {
            watches.add(w);
            ensureThread();
        }
        return w;
    }

    /** Stops watching every stream of {@code connection} (it has terminated). */
    void forget(QuicConnection connection) {
        watches.removeIf(w -> w.connection == connection);
    }

    private synchronized void ensureThread() {
        Thread t = thread;
        if (t == null) {
            t = new Thread(this::run, "kwik-send-stall-watchdog");
            t.setDaemon(true);
            thread = t;
            t.start();
        } else {
            LockSupport.unpark(t);
        }
    }

    private void run() {
        while (true) {
            if (watches.isEmpty()) {
                LockSupport.parkNanos(this, TimeUnit.SECONDS.toNanos(1));
                continue;
            }
            LockSupport.parkNanos(this, FIRST_NUDGE_NANOS);
            long now = System.nanoTime();
            for (Watch w : watches) {
                try {
                    w.tick(now);
                } catch (RuntimeException | Error e) {
                    // A nudge on a connection being torn down may fail inside kwik; stop watching it.
                    watches.remove(w);
                }
            }
        }
    }

    /** One watched stream output. The writer reports progress; the watchdog thread nudges. */
    final class Watch implements AutoCloseable {

        private final QuicConnection connection;
        private final QuicStream stream;
        private volatile long handedOver;
        private volatile boolean closed;
        private volatile long closedAt;

        // Watchdog thread only.
        private long lastSeen = -1;
        private long lastProgressAt = System.nanoTime();
        private long interval = FIRST_NUDGE_NANOS;
        private long nextNudgeAt;
        private boolean nudgeOutstanding;

        // Written by the watchdog thread, read by the owner for its log line.
        private volatile long nudges;
        private volatile long nudgesFollowedByProgress;
        private volatile long longestQuietNanos;

        private Watch(QuicConnection connection, QuicStream stream) {
            this.connection = connection;
            this.stream = stream;
        }

        /** The writer has now handed {@code totalBytes} to kwik's output stream. */
        void progressed(long totalBytes) {
            handedOver = totalBytes;
        }

        /** The writer closed the output stream; watch a while longer until the FIN is surely out. */
        void outputClosed() {
            closedAt = System.nanoTime();
            closed = true;
        }

        long nudges() {
            return nudges;
        }

        long nudgesFollowedByProgress() {
            return nudgesFollowedByProgress;
        }

        long longestQuietMillis() {
            return TimeUnit.NANOSECONDS.toMillis(longestQuietNanos);
        }

        @Override
        public void close() {
            watches.remove(this);
        }

        private void tick(long now) {
            boolean isClosed = closed;
            long seen = handedOver + (isClosed ? 1 : 0);
            if (seen != lastSeen) {
                lastSeen = seen;
                lastProgressAt = now;
                interval = FIRST_NUDGE_NANOS;
                nextNudgeAt = now + interval;
                if (nudgeOutstanding) {
                    nudgesFollowedByProgress++;
                    nudgeOutstanding = false;
                }
                return;
            }
            if (isClosed && now - closedAt > AFTER_CLOSE_NANOS) {
                close();
                return;
            }
            long quiet = now - lastProgressAt;
            if (quiet > longestQuietNanos) {
                longestQuietNanos = quiet;
            }
            if (now - nextNudgeAt >= 0) {
                nudge();
                nudges++;
                nudgeOutstanding = true;
                interval = Math.min(interval * 2, MAX_NUDGE_INTERVAL_NANOS);
                nextNudgeAt = now + interval;
            }
        }

        private void nudge() {
            SenderKick.queueSendRequest(stream);
            SenderKick.wakeSender(connection);
        }
    }
}
