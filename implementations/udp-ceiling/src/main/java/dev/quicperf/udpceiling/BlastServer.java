package dev.quicperf.udpceiling;

import dev.quicperf.adapter.ConnectionStatsLine;
import dev.quicperf.adapter.PayloadPattern;
import dev.quicperf.adapter.PerfProtocol;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The server's one thread: reads requests and feedback, and sends every transfer's datagrams in
 * turn, as far as credit lets it. Non-blocking DatagramChannel, one receive(2)/send(2) per datagram
 * through the JDK's DatagramChannelImpl, as a Java QUIC server moves its datagrams in nio mode;
 * it sleeps in the selector only when no transfer may send.
 */
final class BlastServer {

    private static final String PROGRAM = UdpCeilingServer.PROGRAM;
    /**
     * Datagrams one transfer sends before the others get their turn and before the socket is read
     * again for credit. Each turn ends with one receive that usually finds nothing: one wasted
     * syscall per 32 datagrams, and credit is seen within 32 datagrams of its arrival.
     */
    private static final int BURST = 32;
    /**
     * A transfer whose client says nothing for this long is dropped: a client that is alive
     * sends credit or repair requests far more often (at least every 20-200 ms while it waits).
     */
    static final long IDLE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long EXPIRY_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    /** Transfers served at once; a request beyond is answered BUSY. Each costs a few hundred bytes. */
    static final int MAX_TRANSFERS = 4096;

    private final DatagramChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    private final PrintStream stdout;
    private final PrintStream log;
    private final PerfProtocol.LogRation lines = new PerfProtocol.LogRation(20);
    private final Map<Transfer.Key, Transfer> transfers = new HashMap<>();
    private final List<Transfer> order = new ArrayList<>();
    /** The pattern a period and one payload long: the bytes at any offset are one slice of it. */
    private final byte[] pattern = new byte[PayloadPattern.PERIOD + Wire.PAYLOAD_BYTES];
    private final ByteBuffer out = ByteBuffer.allocateDirect(Wire.DATAGRAM_BYTES);
    private final ByteBuffer control = ByteBuffer.allocateDirect(Wire.HEADER_BYTES);
    /** Larger than any valid datagram, so an oversized one shows as such instead of being cut to size. */
    private final ByteBuffer in = ByteBuffer.allocateDirect(Wire.DATAGRAM_BYTES + 1);
    private int turn;
    private long nextExpiryCheck;
    /** Read by the shutdown hook's thread for its log line. */
    private volatile long completed;

    BlastServer(DatagramChannel channel, PrintStream stdout, PrintStream log) throws IOException {
        this.channel = channel;
        this.stdout = stdout;
        this.log = log;
        channel.configureBlocking(false);
        this.selector = Selector.open();
        this.key = channel.register(selector, SelectionKey.OP_READ);
        PayloadPattern.fill(0, pattern, 0, pattern.length);
    }

    /** Serves until the channel is closed. */
    void run() {
        try {
            while (channel.isOpen()) {
                receiveAll();
                boolean blocked = sendRound();
                long now = System.nanoTime();
                if (now >= nextExpiryCheck) {
                    expireIdle(now);
                    nextExpiryCheck = now + EXPIRY_CHECK_NANOS;
                }
                if (blocked || !anySendable()) {
                    key.interestOps(blocked ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
                    selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextExpiryCheck - now)));
                    selector.selectedKeys().clear();
                }
            }
        } catch (IOException | java.nio.channels.ClosedSelectorException e) {
            if (channel.isOpen()) {
                log.println(PROGRAM + ": stopped by " + e);
            }
        }
    }

    /** Wakes the loop and closes the socket; the loop ends. */
    void close() {
        log.println(PROGRAM + ": stopping (" + completed + " transfer(s) ended)");
        try {
            channel.close();
            selector.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
    }

    private void receiveAll() throws IOException {
        for (;;) {
            in.clear();
            SocketAddress from = channel.receive(in);
            if (from == null) {
                return;
            }
            in.flip();
            handle((InetSocketAddress) from, in);
        }
    }

    private void handle(InetSocketAddress from, ByteBuffer datagram) throws IOException {
        if (datagram.remaining() < Wire.MIN_BYTES || datagram.remaining() > Wire.DATAGRAM_BYTES) {
            note("ignored a " + datagram.remaining() + "-byte datagram from " + from);
            return;
        }
        long now = System.nanoTime();
        Transfer.Key k = new Transfer.Key(from, Wire.id(datagram));
        Transfer t = transfers.get(k);
        switch (Wire.type(datagram)) {
            case Wire.REQUEST -> onRequest(k, t, datagram, now);
            case Wire.FEEDBACK -> {
                if (t != null && datagram.remaining() >= Wire.HEADER_BYTES) {
                    t.onFeedback(datagram, now);
                }
            }
            case Wire.DONE -> {
                if (t != null) {
                    finish(t, null);
                }
                // Always: the client may have missed an earlier DONE_ACK for this transfer.
                sendDoneAck(k);
            }
            default -> note("ignored a datagram of type " + Wire.type(datagram) + " from " + from);
        }
    }

    private void onRequest(Transfer.Key k, Transfer t, ByteBuffer datagram, long now) throws IOException {
        if (datagram.remaining() < Wire.REQUEST_BYTES) {
            note("ignored a " + datagram.remaining() + "-byte request from " + k.peer());
            return;
        }
        long raw = datagram.getLong(8);
        int credit = datagram.getInt(16);
        if (t != null) {
            if (t.length == raw) {
                t.onRepeatedRequest(credit, now);
            }
            return;
        }
        if (PerfProtocol.admit(raw) != PerfProtocol.StreamError.OK) {
            note(k.peer() + " transfer " + k.id() + " asks for " + PerfProtocol.describeLength(raw) + " bytes, over the "
                    + PerfProtocol.MAX_RESPONSE_BYTES + " limit; rejected");
            reject(k, Wire.OVER_LIMIT, raw);
            return;
        }
        if (transfers.size() >= MAX_TRANSFERS) {
            note(k.peer() + " transfer " + k.id() + ": " + MAX_TRANSFERS + " transfers open already; rejected as busy");
            reject(k, Wire.BUSY, raw);
            return;
        }
        t = new Transfer(k, raw, credit, now);
        transfers.put(k, t);
        order.add(t);
    }

    /** One turn for each transfer that may send; true when the socket would not take more. */
    private boolean sendRound() throws IOException {
        int n = order.size();
        for (int i = 0; i < n; i++) {
            Transfer t = order.get((turn + i) % n);
            for (int b = 0; b < BURST; b++) {
                int seq = t.peek();
                if (seq < 0) {
                    break;
                }
                if (!sendData(t, seq)) {
                    turn = (turn + i) % n;
                    return true;
                }
                t.sent(seq);
            }
        }
        turn = n == 0 ? 0 : (turn + 1) % n;
        return false;
    }

    private boolean sendData(Transfer t, int seq) throws IOException {
        long offset = (long) seq * Wire.PAYLOAD_BYTES;
        int len = Math.max(0, Wire.payloadLength(t.length, seq));
        byte flags = (byte) ((seq == t.datagrams - 1 ? Wire.FIN : 0) | (seq < t.sentOnce() ? Wire.RESENT : 0));
        out.clear();
        Wire.header(out, Wire.DATA, flags, t.key.id());
        out.putLong(offset);
        out.put(pattern, (int) (offset % PayloadPattern.PERIOD), len);
        out.flip();
        // 0: the socket's send buffer is full; the datagram goes again on the next turn.
        return channel.send(out, t.key.peer()) > 0;
    }

    private void sendDoneAck(Transfer.Key k) throws IOException {
        control.clear();
        Wire.header(control, Wire.DONE_ACK, (byte) 0, k.id());
        control.flip();
        channel.send(control, k.peer());
    }

    private void reject(Transfer.Key k, byte why, long length) throws IOException {
        control.clear();
        Wire.header(control, Wire.REJECT, why, k.id());
        control.putLong(length);
        control.flip();
        channel.send(control, k.peer());
    }

    private boolean anySendable() {
        for (Transfer t : order) {
            if (t.sendable()) {
                return true;
            }
        }
        return false;
    }

    private void expireIdle(long now) {
        for (Iterator<Transfer> it = new ArrayList<>(order).iterator(); it.hasNext(); ) {
            Transfer t = it.next();
            if (now - t.lastHeardNanos() > IDLE_TIMEOUT_NANOS) {
                finish(t, "timed out: nothing from the client for " + TimeUnit.NANOSECONDS.toSeconds(IDLE_TIMEOUT_NANOS)
                        + " s; " + t.sentOnce() + " of " + t.datagrams + " datagrams sent");
            }
        }
    }

    /** Forgets a transfer and prints its stats line; {@code why} is null when the client got everything. */
    private void finish(Transfer t, String why) {
        transfers.remove(t.key);
        order.remove(t);
        completed++;
        stdout.println(new ConnectionStatsLine(t.key.peer().getPort(), t.sentCount(), t.resentCount()).format());
        stdout.flush();
        if (why != null || t.resentCount() > 0) {
            note(t.key.peer() + " transfer " + t.key.id() + " (" + t.length + " bytes): "
                    + (why != null ? why : "complete") + "; " + t.sentCount() + " datagrams sent, " + t.resentCount()
                    + " of them again");
        }
    }

    private void note(String line) {
        String admitted = lines.admit(PROGRAM + ": " + line, System.nanoTime());
        if (admitted != null) {
            log.println(admitted);
        }
    }
}
