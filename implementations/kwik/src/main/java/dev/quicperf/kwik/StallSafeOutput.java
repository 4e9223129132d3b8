package dev.quicperf.kwik;

import java.io.IOException;
import java.io.OutputStream;
import tech.kwik.core.QuicConnection;
import tech.kwik.core.QuicStream;

/**
 * Writes to a kwik stream in a way that keeps kwik 0.10.9's lost wake-up (docs/kwik.md) from
 * happening, with {@link SendStallWatchdog} as the safety net for the cases it cannot cover.
 *
 * <p>kwik's {@code write} and {@code close} queue a send request when none is counted as queued,
 * wake the sender thread, and only then count the request. On a single core the woken sender
 * thread preempts the writer right there, runs the request before it is counted, and so fails to
 * queue its own follow-up request: from then on nothing is sent until someone queues again. A
 * writer that then blocks on the full send buffer waits for ever (until the idle timeout).
 *
 * <p>So each write here goes: (1) queue the stream's send request <em>without</em> waking the
 * sender ({@link SenderKick#queueSendRequest}); the request is counted before the sender can run
 * it, as the sender is asleep or busy and this thread holds the core; (2) kwik's {@code write},
 * which finds a request counted and so neither queues nor wakes: no race; (3) wake the sender
 * ({@link SenderKick#wakeSender}), which now finds the request and, as long as data remains,
 * queues the next one itself on its own thread (which is race-free). Close goes the same way.
 *
 * <p>Chunks must not exceed half of kwik's 50 KB send buffer: then, should (2) still race (the
 * sender ran the request of (1) on another core before the data was there), the buffer holds at
 * most one chunk, the next write does not block, and its step (1) repairs the state.
 */
final class StallSafeOutput {

    /** Half of kwik's fixed stream send buffer (50 * 1024 bytes in 0.10.9). */
    static final int MAX_CHUNK = 25 * 1024;

    private final QuicConnection connection;
    private final QuicStream stream;
    private final OutputStream out;
    private final SendStallWatchdog.Watch watch;
    private final boolean raceFree = Tuning.booleanProperty("raceFreeWrites", true);
    private long written;

    StallSafeOutput(QuicConnection connection, QuicStream stream) {
        this.connection = connection;
        this.stream = stream;
        this.out = stream.getOutputStream();
        this.watch = SendStallWatchdog.instance().watch(connection, stream);
    }

    void write(byte[] data, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, MAX_CHUNK);
            if (raceFree) {
                SenderKick.queueSendRequest(stream);
            }
            out.write(data, off, n);
            if (raceFree) {
                SenderKick.wakeSender(connection);
            }
            off += n;
            len -= n;
            written += n;
            watch.progressed(written);
        }
    }

    /** Sends the FIN. The watchdog keeps an eye on the stream until {@link #release()}. */
    void finish() throws IOException {
        if (raceFree) {
            SenderKick.queueSendRequest(stream);
        }
        out.close();
        if (raceFree) {
            SenderKick.wakeSender(connection);
        }
        watch.outputClosed();
    }

    long written() {
        return written;
    }

    SendStallWatchdog.Watch watch() {
        return watch;
    }

    /** Stops watching: the peer has all it needs (or the stream failed). */
    void release() {
        watch.close();
    }
}
