package dev.quicperf.udpceiling;

import dev.quicperf.adapter.ClientReport;
import dev.quicperf.adapter.PayloadPattern;
import dev.quicperf.adapter.PhaseMarks;
import dev.quicperf.adapter.cpu.ProcessCpu;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.BitSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One udp-blast transfer from the client's side, on a DatagramChannel of its own: request, take
 * the datagrams in, verify each against the pattern at its offset, keep the server in credit, ask
 * again for what is missing, and say DONE. Single-threaded; {@link #run()} once.
 */
final class Download {

    /**
     * What a 1350-byte datagram costs in the receive buffer. Linux charges a queued datagram's
     * whole allocation ("truesize"), measured at 2312 bytes here on loopback; 4096 leaves room
     * for larger allocations elsewhere (veth, other kernels), so a window of
     * {@code SO_RCVBUF / 4096} datagrams never overflows the buffer even when the client reads
     * nothing for a while.
     */
    static final int TRUESIZE_BOUND = 4096;
    /** Window bounds, in datagrams: at least 16 (208 KiB buffers give 104), at most ~5.5 MB in flight. */
    static final int MIN_WINDOW = 16;
    static final int MAX_WINDOW = 4096;
    /** Until the first datagram: the request goes again after 100 ms, then 200, ... up to 1 s. */
    private static final long FIRST_REQUEST_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long MAX_REQUEST_RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);
    /**
     * The repair interval: how long a hole must last, or the client stay without datagrams,
     * before it asks again: 4 round trips (the first datagram's), at least 25 ms (QUIC's default
     * max_ack_delay), so a server or a delivery backlog that was short of CPU for a moment is not
     * taken for loss.
     */
    private static final long MIN_REPAIR_NANOS = TimeUnit.MILLISECONDS.toNanos(25);
    /** DONE goes up to this many times, this far apart, until the server's DONE_ACK. */
    private static final int DONE_TRIES = 3;
    private static final long DONE_WAIT_MILLIS = 30;

    private final PrintStream log;
    private final String program;
    private final String host;
    private final int port;
    private final long length;
    private final long timeoutMillis;
    private final boolean timed;
    private final int datagrams;
    private final int id = ThreadLocalRandom.current().nextInt();

    private final ByteBuffer rx = ByteBuffer.allocate(Wire.DATAGRAM_BYTES + 1);
    private final ByteBuffer tx = ByteBuffer.allocate(Wire.DATAGRAM_BYTES);
    private final BitSet got;
    private DatagramChannel channel;
    private int window;
    private int granted;
    private int highest = -1;
    private int distinct;
    private int lowestMissing;
    private long bytes;
    private long duplicates;
    private long repairRounds;
    private long requestsSent;
    private long t0;
    private long tEnd;
    private long firstDataNanos;
    private long repairNanos;
    /** When a hole was first seen below {@code holeBelow} and not asked for yet; 0: none pending. */
    private long holeSeenNanos;
    private int holeBelow;
    private int localPort;
    private int receiveBuffer;
    private String error;

    Download(PrintStream log, String program, String host, int port, long length, long timeoutMillis, boolean timed) {
        this.log = log;
        this.program = program;
        this.host = host;
        this.port = port;
        this.length = length;
        this.timeoutMillis = timeoutMillis;
        this.timed = timed;
        this.datagrams = Wire.datagrams(length);
        this.got = new BitSet(datagrams);
    }

    long length() {
        return length;
    }

    ClientReport run() {
        long cpuUsed = -1;
        try {
            InetAddress address = InetAddress.getByName(host);
            try (DatagramChannel ch = DatagramChannel.open(address instanceof java.net.Inet6Address
                    ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET); Selector selector = Selector.open()) {
                channel = ch;
                receiveBuffer = UdpSockets.apply(ch, log, program);
                window = Math.min(Math.max(receiveBuffer / TRUESIZE_BOUND, MIN_WINDOW), MAX_WINDOW);
                ch.connect(new InetSocketAddress(address, port));
                localPort = ((InetSocketAddress) ch.getLocalAddress()).getPort();
                ch.configureBlocking(false);
                ch.register(selector, SelectionKey.OP_READ);
                // One-time set-up outside what we measure: the pattern table.
                PayloadPattern.verify(0, new byte[1], 0, 1);
                if (timed) {
                    PhaseMarks.begin(log);
                }
                ProcessCpu.Mark cpu0 = ProcessCpu.mark();
                t0 = System.nanoTime();
                receive(selector);
                cpuUsed = cpu0.nanosUsed();
                if (error == null) {
                    if (timed) {
                        log.println(PhaseMarks.END);
                    }
                    sayDone(selector);
                }
            }
        } catch (PortUnreachableException e) {
            error = "no server at " + host + ":" + port + " (ICMP port unreachable) " + progress();
        } catch (IOException | RuntimeException e) {
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + " " + progress();
        }
        boolean ok = error == null;
        long end = tEnd != 0 ? tEnd : System.nanoTime();
        log.println(program + ": " + (timed ? "" : "warm-up ") + "transfer " + Integer.toUnsignedString(id)
                + " from local port " + localPort + ": " + distinct + " of " + datagrams + " datagrams, " + duplicates
                + " duplicate(s), " + repairRounds + " repair round(s), " + requestsSent + " request(s), window "
                + window + " datagrams (SO_RCVBUF " + receiveBuffer + ")");
        return new ClientReport(ClientReport.SCHEMA, UdpCeilingImplementation.ID, UdpCeilingImplementation.VERSION, ok,
                // Every byte counted was verified first: a mismatch ends the transfer before it counts.
                length, bytes, bytes, 0, 0, t0 == 0 ? 0 : end - t0, t0 == 0 ? 0 : end - t0,
                cpuUsed, localPort, error);
    }

    private void receive(Selector selector) throws IOException {
        long deadline = t0 + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        sendRequest();
        granted = Math.min(window, datagrams);
        long retry = FIRST_REQUEST_RETRY_NANOS;
        long quietSince = t0;
        int quietRounds = 0;
        while (distinct < datagrams) {
            rx.clear();
            int n = channel.read(rx);
            long now = System.nanoTime();
            if (now >= deadline) {
                error = "timeout after " + timeoutMillis + " ms " + progress();
                return;
            }
            if (n > 0) {
                if (Wire.type(rx) == Wire.DATA && onData(n, now)) {
                    quietSince = now;
                    quietRounds = 0;
                    grant(now);
                } else if (Wire.type(rx) == Wire.REJECT && n >= Wire.HEADER_BYTES && Wire.id(rx) == id) {
                    error = "the server rejected the request for " + Long.toUnsignedString(rx.getLong(8)) + " bytes ("
                            + (Wire.flags(rx) == Wire.OVER_LIMIT ? "over its limit" : "busy") + ")";
                }
                if (error != null) {
                    return;
                }
                continue;
            }
            long due = quietSince + (firstDataNanos == 0 ? retry : repairNanos);
            if (now >= due) {
                if (firstDataNanos == 0) {
                    sendRequest();
                    retry = Math.min(2 * retry, MAX_REQUEST_RETRY_NANOS);
                } else {
                    repair(now, ++quietRounds);
                }
                quietSince = now;
                continue;
            }
            selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(due, deadline) - now + 999_999)));
            selector.selectedKeys().clear();
        }
    }

    /** Checks and books one DATA datagram of {@code n} bytes; false when it is not ours. */
    private boolean onData(int n, long now) {
        if (n < Wire.HEADER_BYTES || Wire.id(rx) != id) {
            return false;
        }
        long offset = rx.getLong(8);
        if (offset < 0 || offset % Wire.PAYLOAD_BYTES != 0 || offset / Wire.PAYLOAD_BYTES >= datagrams) {
            error = "a datagram for offset " + offset + ", which is no datagram's of a " + length + "-byte response";
            return false;
        }
        int seq = (int) (offset / Wire.PAYLOAD_BYTES);
        int expected = Math.max(0, Wire.payloadLength(length, seq));
        int len = n - Wire.HEADER_BYTES;
        if (len != expected) {
            error = "datagram " + seq + " (offset " + offset + ") carries " + len + " bytes, expected " + expected;
            return false;
        }
        boolean fin = (Wire.flags(rx) & Wire.FIN) != 0;
        if (fin != (seq == datagrams - 1)) {
            error = "datagram " + seq + " of " + datagrams + (fin ? " carries" : " lacks") + " the FIN flag";
            return false;
        }
        long bad = PayloadPattern.verify(offset, rx.array(), Wire.HEADER_BYTES, len);
        if (bad >= 0) {
            error = "payload mismatch at byte " + bad;
            return false;
        }
        if (firstDataNanos == 0) {
            firstDataNanos = now;
            repairNanos = Math.max(MIN_REPAIR_NANOS, 4 * (now - t0));
        }
        if (got.get(seq)) {
            duplicates++;
            return true;
        }
        got.set(seq);
        distinct++;
        bytes += len;
        if (seq > highest) {
            highest = seq;
        }
        if (distinct == datagrams) {
            tEnd = now;
        }
        return true;
    }

    /** Keeps the server's credit a window ahead of what arrived, in steps of a quarter window. */
    private void grant(long now) throws IOException {
        if (distinct == datagrams) {
            return;
        }
        int want = (int) Math.min(datagrams, (long) highest + 1 + window);
        boolean due = want - granted >= Math.max(1, window / 4) || (want == datagrams && granted < datagrams);
        int lostBelow = lostBelow(now);
        if (due || lostBelow > 0) {
            granted = Math.max(granted, want);
            sendFeedback(lostBelow);
        }
    }

    /**
     * How far down datagrams count as lost: those missing below the newest datagram of
     * {@code repairNanos} ago. A hole is not a loss when it appears: loopback reorders datagrams
     * when the sender moves to another CPU (each CPU delivers its own backlog), so like QUIC's
     * time threshold a hole must outlast the repair interval first. 0 when none are due.
     */
    private int lostBelow(long now) {
        if (distinct == highest + 1) {
            holeSeenNanos = 0;
            return 0;
        }
        if (holeSeenNanos == 0) {
            holeSeenNanos = now;
            holeBelow = highest;
            return 0;
        }
        if (now - holeSeenNanos < repairNanos) {
            return 0;
        }
        int below = holeBelow;
        // Re-armed: what is still missing then has its own interval, resends included.
        holeSeenNanos = now;
        holeBelow = highest;
        repairRounds++;
        return below;
    }

    /**
     * Nothing came for a repair interval: repeat the credit (the last one may be lost) with the
     * holes that are due. Only after a second quiet interval also ask for everything missing up to
     * the credit, the tail included: until then the server may simply not have sent it (it was
     * short of CPU, or its datagrams wait in a delivery backlog), and asking early only makes
     * duplicates.
     */
    private void repair(long now, int quietRounds) throws IOException {
        if (quietRounds < 2) {
            sendFeedback(lostBelow(now));
            return;
        }
        repairRounds++;
        holeSeenNanos = now;
        holeBelow = highest;
        sendFeedback(Math.min(granted, datagrams));
    }

    private void sendRequest() throws IOException {
        tx.clear();
        Wire.header(tx, Wire.REQUEST, (byte) 0, id);
        tx.putLong(length).putInt(Math.min(window, datagrams));
        tx.flip();
        channel.write(tx);
        requestsSent++;
    }

    /** FEEDBACK with the current credit and the missing datagrams below {@code below}, as many ranges as fit. */
    private void sendFeedback(int below) throws IOException {
        tx.clear();
        Wire.header(tx, Wire.FEEDBACK, (byte) 0, id);
        tx.putInt(granted).putShort((short) 0).putShort((short) 0);
        lowestMissing = got.nextClearBit(lowestMissing);
        int ranges = 0;
        for (int s = lowestMissing; s < below && ranges < Wire.MAX_RANGES; ranges++) {
            int e = got.nextSetBit(s);
            if (e < 0 || e > below) {
                e = below;
            }
            tx.putInt(s).putInt(e - s);
            s = got.nextClearBit(e);
        }
        tx.putShort(12, (short) ranges);
        tx.flip();
        channel.write(tx);
    }

    /**
     * DONE until the server acknowledges it or a few tries went by; outside every timed span. The
     * response is whole by now, so a server that is gone by then is only worth a line.
     */
    private void sayDone(Selector selector) {
        try {
            sendDone(selector);
        } catch (IOException e) {
            log.println(program + ": DONE not acknowledged: " + e);
        }
    }

    private void sendDone(Selector selector) throws IOException {
        for (int i = 0; i < DONE_TRIES; i++) {
            tx.clear();
            Wire.header(tx, Wire.DONE, (byte) 0, id);
            tx.flip();
            channel.write(tx);
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DONE_WAIT_MILLIS);
            for (long now = System.nanoTime(); now < until; now = System.nanoTime()) {
                rx.clear();
                int n = channel.read(rx);
                if (n >= Wire.MIN_BYTES && Wire.type(rx) == Wire.DONE_ACK && Wire.id(rx) == id) {
                    return;
                }
                if (n == 0) {
                    selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - now)));
                    selector.selectedKeys().clear();
                }
            }
        }
    }

    private String progress() {
        if (t0 == 0) {
            return "before the request";
        }
        if (firstDataNanos == 0) {
            return "waiting for the first datagram: " + requestsSent + " request(s) sent, no answer";
        }
        long missing = (long) datagrams - distinct;
        return "while receiving: " + bytes + " of " + length + " bytes, " + missing + " of " + datagrams
                + " datagrams missing, " + duplicates + " duplicate(s), " + repairRounds + " repair round(s)";
    }
}
