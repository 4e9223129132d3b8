package dev.quicperf.kwik;

import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.SocketException;

/**
 * Buffer and window sizes of our kwik server and client, in one place. Each can be overridden
 * with a system property {@code -Dquicperf.kwik.<name>=<bytes>} for experiments; the defaults are
 * what the suite measures.
 */
final class Tuning {

    private Tuning() {
    }

    /*
     * UDP socket buffers, 16 MiB each way. On loopback the receiver's CPU is the bottleneck and
     * kwik's NewReno (no pacing) sends whole congestion windows at once, so the receiving socket's
     * buffer is the queue that absorbs the bursts; when it overflows (RcvbufErrors) NewReno halves
     * its window. With the kernel default (208 KiB) a 100 MB download lost hundreds of datagrams;
     * with 4 MiB (the cap on the development machine) typically 0-30 per 100 MB, with rare bursts
     * of several hundred while the client's core was busy elsewhere. 16 MiB matches what the
     * suite's CI allows (net.core.rmem_max / wmem_max = 16777216) and what the netty-quic adapter
     * asks for. Linux silently caps the request at those sysctls; we say so on stderr.
     */
    static final int SOCKET_RECEIVE_BUFFER = intProperty("socketReceiveBuffer", 16 << 20);
    static final int SOCKET_SEND_BUFFER = intProperty("socketSendBuffer", 16 << 20);

    /*
     * Receive windows (flow-control credit we give the peer). kwik's receiver buffers at most one
     * stream window of received-but-unread data per stream, so the stream window also bounds the
     * client's memory. 16 MiB is ~130 ms of data at 1 Gbit/s, far above any loopback
     * bandwidth-delay product, and kwik re-advertises after every 10 % read, so the sender does
     * not run into the limit while the reader keeps up. The connection window must cover all
     * streams of a connection.
     */
    static final long STREAM_RECEIVE_WINDOW = longProperty("streamWindow", 16L << 20);
    static final long SERVER_CONNECTION_RECEIVE_WINDOW = longProperty("connectionWindow", 64L << 20);

    /*
     * Size of each write into a kwik stream. kwik copies every write into the stream's 50 KB send
     * buffer (fixed in 0.10.9). It must stay at or below StallSafeOutput.MAX_CHUNK (half that
     * buffer, see there for why); 16 KiB leaves margin and keeps per-write overhead small.
     */
    static final int WRITE_CHUNK = intProperty("writeChunk", 16 << 10);

    /* Size of each read from a kwik stream. */
    static final int READ_CHUNK = intProperty("readChunk", 64 << 10);

    /* The idle timeout both sides announce (QUIC uses the smaller of the two). */
    static final int IDLE_TIMEOUT_MILLIS = intProperty("idleTimeoutMillis", 30_000);

    /*
     * Stream receive window of the load client (its connection window is 10x, kwik's rule). Load
     * responses are small objects, so a window this size does not slow them, and it bounds what
     * kwik may buffer for us: with the goodput client's 16 MiB, 144 connections x 2 requests in
     * flight could hold 4.5 GiB of unread data should a server send more than asked; with 64 KiB
     * it is 18 MiB, well inside the load client's heap.
     */
    static final long LOAD_STREAM_RECEIVE_WINDOW = longProperty("loadStreamWindow", 64L << 10);

    /** Applies the socket buffer sizes; says on stderr when the kernel granted less. */
    static void applySocketBuffers(DatagramSocket socket, PrintStream log, String who) throws SocketException {
        String shortfall = applySocketBuffers(socket);
        if (shortfall != null) {
            log.println(who + ": " + shortfall);
        }
    }

    /**
     * Applies the socket buffer sizes; returns what to tell the operator when the kernel granted
     * less, or null. For callers that open many sockets and say it once.
     */
    static String applySocketBuffers(DatagramSocket socket) throws SocketException {
        socket.setReceiveBufferSize(SOCKET_RECEIVE_BUFFER);
        socket.setSendBufferSize(SOCKET_SEND_BUFFER);
        int rcv = socket.getReceiveBufferSize();
        int snd = socket.getSendBufferSize();
        if (rcv < SOCKET_RECEIVE_BUFFER || snd < SOCKET_SEND_BUFFER) {
            return "kernel granted SO_RCVBUF=" + rcv + " SO_SNDBUF=" + snd + " of the "
                    + SOCKET_RECEIVE_BUFFER + "/" + SOCKET_SEND_BUFFER + " asked for; raise net.core.rmem_max and"
                    + " net.core.wmem_max to " + Math.max(SOCKET_RECEIVE_BUFFER, SOCKET_SEND_BUFFER)
                    + " to rule out receive-buffer drops";
        }
        return null;
    }

    static int intProperty(String name, int fallback) {
        long v = longProperty(name, fallback);
        if (v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("quicperf.kwik." + name + " is too large: " + v);
        }
        return (int) v;
    }

    static long longProperty(String name, long fallback) {
        String v = System.getProperty("quicperf.kwik." + name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v.strip());
            if (n <= 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-Dquicperf.kwik." + name + " must be a positive whole number, got '" + v + "'");
        }
    }

    static boolean booleanProperty(String name, boolean fallback) {
        String v = System.getProperty("quicperf.kwik." + name);
        return v == null || v.isBlank() ? fallback : Boolean.parseBoolean(v.strip());
    }
}
