package dev.quicperf.kwik;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import tech.kwik.core.QuicConnection;
import tech.kwik.core.impl.QuicClientConnectionImpl;

/**
 * Safety net for a request whose packet kwik lost and will never send again: after
 * {@value #FIRST_PING_MILLIS} ms without its response it sends a PING on the request's
 * connection, then again every {@value #PING_INTERVAL_MILLIS} ms while the response is still
 * missing.
 *
 * <p>Two kwik 0.10.9 bugs meet here. The server drops every packet coalesced behind one whose keys it has discarded, so a request that
 * a new client connection sends together with its last Handshake ACK is lost about one time in
 * four. kwik's client would retransmit it at its probe timeout, but its loss-detection timer can
 * be lost: {@code RecoveryManager.unschedule()} runs outside the lock that
 * {@code rescheduleLossDetectionTimeout} holds, so when the receiver thread cancels the timer
 * (handshake confirmed, nothing in flight) while the sender thread arms it for the request, the
 * cancel can win. Then nothing is retransmitted and the request waits for the idle timeout. A
 * PING is ack-eliciting: sending it re-arms the timer, and the server's ACK of it makes kwik
 * declare the older request packet lost (time threshold) and send it again.
 *
 * <p>A healthy request that is merely slow gets at most a small PING every few seconds; the
 * threshold is at the far end of what requests take under overload here (p99 2 to 3.5 s with
 * 144 connections on one busy core), so ordinary runs send none or a handful.
 */
final class StuckRequestPinger {

    static final long FIRST_PING_MILLIS = 3_000;
    static final long PING_INTERVAL_MILLIS = 2_000;
    private static final long TICK_MILLIS = 250;

    private final List<LoadRequest> requests;
    private final AtomicLong pings = new AtomicLong();

    StuckRequestPinger(List<LoadRequest> requests) {
        this.requests = List.copyOf(requests);
    }

    /** Starts the daemon thread that looks at every request a few times a second. */
    void start() {
        Thread t = new Thread(this::run, "load-stuck-request-pinger");
        t.setDaemon(true);
        t.start();
    }

    /** PINGs sent so far, for the client's closing line on stderr. */
    long pings() {
        return pings.get();
    }

    private void run() {
        try {
            while (true) {
                Thread.sleep(TICK_MILLIS);
                long now = System.nanoTime();
                for (LoadRequest r : requests) {
                    QuicConnection stuck = r.stuck(now);
                    if (stuck != null && ping(stuck)) {
                        pings.incrementAndGet();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean ping(QuicConnection connection) {
        if (connection instanceof QuicClientConnectionImpl impl) {
            try {
                impl.ping();
                return true;
            } catch (RuntimeException notConnected) {
                // Closing or closed: the request fails on its own.
            }
        }
        return false;
    }

    static long nanos(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }
}
