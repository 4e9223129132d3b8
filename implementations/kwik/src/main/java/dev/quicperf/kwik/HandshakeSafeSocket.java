package dev.quicperf.kwik;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.SocketException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A client connection's UDP socket that holds back the first datagram from the server until the
 * thread in {@code connect()} has finished starting the TLS handshake. Works around a race in
 * kwik 0.10.9's client (its TLS engine, agent15 3.1), the "lost ServerHello":
 *
 * <p>agent15's {@code TlsClientEngineImpl.startHandshake} hands the ClientHello to kwik, which
 * queues it and wakes the sender thread, and only then sets its state to "wait for
 * ServerHello". If the connecting thread loses the core in between (likely on a loaded,
 * pinned client with hundreds of threads), the sender sends the ClientHello, the server answers,
 * and kwik's receiver thread hands the ServerHello to the engine, which, not yet in that state,
 * ignores it without a word. kwik has already acknowledged the Initial packet that carried it,
 * so the server never sends it again: the client drops every Handshake packet for want of keys
 * and the handshake hangs until the connect timeout. We saw it in about one of 200 handshakes
 * with 4 to 16 concurrent clients on one core.
 *
 * <p>After starting the handshake, {@code connect()} parks on kwik's handshake-finished
 * {@link CountDownLatch}; nothing before that parks on a latch. So the first datagram waits until
 * {@link LockSupport#getBlocker} shows the connecting thread parked on one (or until it ended, or
 * {@value #MAX_HOLD_MILLIS} ms passed, so a surprise cannot wedge the receiver). Later datagrams
 * pass at once: the check costs each connection one short wait, usually none.
 */
final class HandshakeSafeSocket extends DatagramSocket {

    private static final long MAX_HOLD_MILLIS = 5_000;
    private static final long POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    private final Thread connecting;
    /** Only kwik's receiver thread reads and writes it. */
    private boolean released;

    /** @param connecting the thread that builds the connection and then calls {@code connect()} */
    HandshakeSafeSocket(Thread connecting) throws SocketException {
        this.connecting = connecting;
    }

    @Override
    public void receive(DatagramPacket p) throws IOException {
        super.receive(p);
        if (!released) {
            awaitHandshakeStarted();
            released = true;
        }
    }

    private void awaitHandshakeStarted() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_HOLD_MILLIS);
        while (!parkedOnLatch() && connecting.isAlive() && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(this, POLL_NANOS);
        }
    }

    private boolean parkedOnLatch() {
        Object blocker = LockSupport.getBlocker(connecting);
        return blocker != null && blocker.getClass().getEnclosingClass() == CountDownLatch.class;
    }
}
