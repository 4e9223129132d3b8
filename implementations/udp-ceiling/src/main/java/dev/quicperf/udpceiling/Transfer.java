package dev.quicperf.udpceiling;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.BitSet;

/**
 * One response the server is sending: what it may send next under the client's credit, what the
 * client asked to have again, and its counters. Touched by the server's one thread only.
 */
final class Transfer {

    /** A transfer is its client's address and the id that client gave it. */
    record Key(InetSocketAddress peer, int id) {
    }

    final Key key;
    final long length;
    final int datagrams;
    /** Next sequence number to send for the first time. */
    private int next;
    /** Credit: sequence numbers below it may be sent. */
    private int credit;
    /** Sent ones the client says it is missing; scanned from {@code resendFrom}. */
    private final BitSet resend = new BitSet();
    private int resendFrom = Integer.MAX_VALUE;
    private long sent;
    private long resent;
    private long lastHeardNanos;

    Transfer(Key key, long length, int credit, long nowNanos) {
        this.key = key;
        this.length = length;
        this.datagrams = Wire.datagrams(length);
        this.credit = Math.min(Math.max(credit, 1), datagrams);
        this.lastHeardNanos = nowNanos;
    }

    boolean sendable() {
        return !resend.isEmpty() || next < credit;
    }

    /** The next datagram to send, resends first; -1 when there is none. Call {@link #sent(int)} once it went. */
    int peek() {
        if (!resend.isEmpty()) {
            int seq = resend.nextSetBit(Math.min(resendFrom, next));
            if (seq >= 0) {
                resendFrom = seq;
                return seq;
            }
            resend.clear();
        }
        return next < credit ? next : -1;
    }

    void sent(int seq) {
        sent++;
        if (seq < next) {
            resend.clear(seq);
            resendFrom = seq + 1;
            resent++;
        } else {
            next++;
        }
    }

    /** The same request again: the client has heard nothing of what went, so all of it is due again. */
    void onRepeatedRequest(int requestCredit, long nowNanos) {
        lastHeardNanos = nowNanos;
        raiseCredit(requestCredit);
        markMissing(0, next);
    }

    /**
     * FEEDBACK: more credit, and the datagrams the client is missing. This is this row's
     * counterpart of a QUIC stack's ACK processing (cpu-rules.txt counts it as 'ack').
     */
    void onFeedback(ByteBuffer datagram, long nowNanos) {
        lastHeardNanos = nowNanos;
        raiseCredit(datagram.getInt(8));
        int ranges = Math.min(Short.toUnsignedInt(datagram.getShort(12)),
                (datagram.limit() - Wire.HEADER_BYTES) / 8);
        for (int i = 0; i < ranges; i++) {
            int at = Wire.HEADER_BYTES + 8 * i;
            long first = Integer.toUnsignedLong(datagram.getInt(at));
            long count = Integer.toUnsignedLong(datagram.getInt(at + 4));
            markMissing(first, first + count);
        }
    }

    void heardFrom(long nowNanos) {
        lastHeardNanos = nowNanos;
    }

    private void raiseCredit(int offered) {
        // Unsigned and capped: a hostile value can neither lower the credit nor point past the end.
        long c = Math.min(Integer.toUnsignedLong(offered), datagrams);
        if (c > credit) {
            credit = (int) c;
        }
    }

    /** Marks {@code [from, to)} for sending again, as far as it was sent at all. */
    private void markMissing(long from, long to) {
        int lo = (int) Math.min(Math.max(from, 0), next);
        int hi = (int) Math.min(Math.max(to, 0), next);
        if (lo < hi) {
            resend.set(lo, hi);
            resendFrom = Math.min(resendFrom, lo);
        }
    }

    long sentCount() {
        return sent;
    }

    long resentCount() {
        return resent;
    }

    /** Datagrams sent at least once, i.e. the next sequence number to send for the first time. */
    int sentOnce() {
        return next;
    }

    long lastHeardNanos() {
        return lastHeardNanos;
    }
}
