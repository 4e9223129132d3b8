package dev.quicperf.kwik;

import dev.quicperf.adapter.PerfProtocol;
import dev.quicperf.adapter.ResponseVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import tech.kwik.core.QuicConnection;
import tech.kwik.core.QuicStream;

/**
 * One perf request of the load client: a new bidirectional stream, the 8-byte length and FIN,
 * then the response read to its FIN and verified as it arrives (never stored). One instance per
 * worker thread: it reuses its header and read buffer, so the hot path allocates only what kwik
 * does.
 */
final class LoadRequest {

    /** Thrown when the response is not the one asked for; the message says how. */
    static final class BadResponse extends IOException {
        BadResponse(String message) {
            super(message);
        }
    }

    private final long responseBytes;
    private final byte[] header;
    private final byte[] buffer;

    // The request in flight, for StuckRequestPinger: written by the worker, read by the pinger.
    private volatile QuicConnection awaiting;
    private volatile long since;
    // StuckRequestPinger's thread only.
    private long watchedSince;
    private long nextPingAt;

    LoadRequest(long responseBytes) {
        this.responseBytes = responseBytes;
        this.header = PerfProtocol.header(responseBytes);
        // Room for a whole small response in one read; large ones are read in READ_CHUNK pieces.
        this.buffer = new byte[(int) Math.max(1024, Math.min(Tuning.READ_CHUNK, responseBytes))];
    }

    /**
     * Sends the request on {@code connection} and reads the whole response.
     *
     * @return the response bytes verified (all of them)
     * @throws BadResponse when the response is short, long or wrong
     * @throws IOException from kwik when the stream or connection fails
     */
    long exchange(QuicConnection connection) throws IOException {
        since = System.nanoTime();
        awaiting = connection;
        ResponseVerifier verifier = new ResponseVerifier(responseBytes);
        try {
            QuicStream stream = connection.createStream(true);
            send(connection, stream);
            InputStream in = stream.getInputStream();
            for (int n; (n = in.read(buffer, 0, buffer.length)) >= 0; ) {
                verifier.accept(buffer, 0, n);
            }
        } finally {
            awaiting = null;
        }
        String problem = verifier.problem();
        if (problem != null) {
            throw new BadResponse(problem);
        }
        return verifier.verified();
    }

    /**
     * The connection to PING when this request has waited long enough for its response (first
     * after {@link StuckRequestPinger#FIRST_PING_MILLIS}, then every
     * {@link StuckRequestPinger#PING_INTERVAL_MILLIS}), else null. Called by the pinger's thread only.
     */
    QuicConnection stuck(long now) {
        QuicConnection c = awaiting;
        long started = since;
        if (c == null) {
            return null;
        }
        if (started != watchedSince) {
            watchedSince = started;
            nextPingAt = started + StuckRequestPinger.nanos(StuckRequestPinger.FIRST_PING_MILLIS);
        }
        if (now - nextPingAt < 0) {
            return null;
        }
        nextPingAt = now + StuckRequestPinger.nanos(StuckRequestPinger.PING_INTERVAL_MILLIS);
        return c;
    }

    /*
     * Header and FIN go out as one STREAM frame, in one packet, with one wake-up of kwik's sender:
     * queue the stream's send request without waking the sender, hand kwik the 8 bytes and the
     * close (both find the request queued and so queue nothing themselves), then wake the sender.
     * Plain write + close would queue a request and wake the sender twice, and the sender, woken
     * by the write, would often send the header and the FIN in two packets.
     *
     * kwik's lost wake-up (see StallSafeOutput) cannot strand this request: it strands data only
     * when the sender sends part of the buffer and fails to queue the rest, and kwik calls a
     * stream's send request only with room for at least 20 bytes of frame, which always holds the
     * whole 8-byte header (a STREAM frame at offset 0 takes at most 11 bytes besides its data, and
     * kwik keeps 1 more spare). Whatever the interleaving, close() finds no request queued if the
     * sender already took it, and queues one for the FIN itself. So no SendStallWatchdog here,
     * whose ticks would cost the hot path.
     */
    private void send(QuicConnection connection, QuicStream stream) throws IOException {
        OutputStream out = stream.getOutputStream();
        SenderKick.queueSendRequest(stream);
        out.write(header);
        out.close();
        SenderKick.wakeSender(connection);
    }
}
