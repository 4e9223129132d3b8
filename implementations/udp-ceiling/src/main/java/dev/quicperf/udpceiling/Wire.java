package dev.quicperf.udpceiling;

import java.nio.ByteBuffer;

/**
 * The udp-blast protocol: a request, credit and repair from the client, numbered pattern datagrams
 * from the server. Every datagram starts with the same 8 bytes: type, flags, two zero bytes, and
 * the transfer id the client chose (a transfer is its client's address and this id). Integers are
 * big-endian.
 *
 * <pre>
 * REQUEST   client -&gt; server  [8] length N (u64)  [16] credit (u32)
 * DATA      server -&gt; client  [8] offset (u64)  [16] pattern bytes at that offset; flag FIN on the last
 * FEEDBACK  client -&gt; server  [8] credit (u32)  [12] ranges (u16)  [14] 0 (u16)  [16] ranges of (first u32, count u32)
 * DONE      client -&gt; server  (header only) every byte arrived; the server forgets the transfer
 * DONE_ACK  server -&gt; client  (header only)
 * REJECT    server -&gt; client  [8] the length asked for; flag OVER_LIMIT or BUSY
 * </pre>
 *
 * <p>Datagram i carries the response bytes {@code [i * PAYLOAD_BYTES, ...)}; credit is the number
 * of datagrams the server may have sent for the first time (sequence numbers below it), and only
 * grows. Ranges name datagrams the client is missing; the server sends again those it had sent.
 * A response of N bytes is {@code max(1, ceil(N / PAYLOAD_BYTES))} datagrams: an empty response
 * is one empty DATA with FIN, so that the client learns its request arrived.
 */
final class Wire {

    /**
     * UDP payload of a DATA datagram: 1350 bytes, what the netty-quic server sends (quiche's
     * tools' size; it fits any 1500-byte Ethernet path over IPv4 or IPv6). kwik sends smaller
     * ones (1252 over IPv4). A ceiling must not send fewer datagrams per byte than any stack it
     * bounds, because the cost per datagram (a syscall, a socket buffer, loopback delivery) is
     * what caps goodput, and it must not profit from loopback's 64 KiB MTU either: so the larger
     * of the stacks' sizes, on the wire byte for byte.
     */
    static final int DATAGRAM_BYTES = 1350;
    static final int HEADER_BYTES = 16;
    /** Response bytes per DATA datagram. */
    static final int PAYLOAD_BYTES = DATAGRAM_BYTES - HEADER_BYTES;

    static final byte REQUEST = 1;
    static final byte DATA = 2;
    static final byte FEEDBACK = 3;
    static final byte DONE = 4;
    static final byte DONE_ACK = 5;
    static final byte REJECT = 6;

    /** DATA: the last datagram of the response. */
    static final byte FIN = 1;
    /** DATA: sent again after the client said it was missing. */
    static final byte RESENT = 2;
    /** REJECT: the length is over {@link dev.quicperf.adapter.PerfProtocol#MAX_RESPONSE_BYTES}. */
    static final byte OVER_LIMIT = 1;
    /** REJECT: the server serves as many transfers as it will. */
    static final byte BUSY = 2;

    /** The smallest datagram anyone may send: the common header. */
    static final int MIN_BYTES = 8;
    static final int REQUEST_BYTES = 20;
    /** Missing ranges one FEEDBACK carries at most; it stays well inside one datagram. */
    static final int MAX_RANGES = 128;

    private Wire() {
    }

    /** Datagrams in a response of {@code length} bytes (at most 7.5 * 10^8 for 1 TB). */
    static int datagrams(long length) {
        return (int) Math.max(1, (length + PAYLOAD_BYTES - 1) / PAYLOAD_BYTES);
    }

    /** Response bytes datagram {@code seq} of a {@code length}-byte response carries. */
    static int payloadLength(long length, int seq) {
        return (int) Math.min(PAYLOAD_BYTES, length - (long) seq * PAYLOAD_BYTES);
    }

    static void header(ByteBuffer b, byte type, byte flags, int id) {
        b.put(type).put(flags).putShort((short) 0).putInt(id);
    }

    static byte type(ByteBuffer datagram) {
        return datagram.get(0);
    }

    static byte flags(ByteBuffer datagram) {
        return datagram.get(1);
    }

    static int id(ByteBuffer datagram) {
        return datagram.getInt(4);
    }
}
