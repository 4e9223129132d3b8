package dev.quicperf.tcptls;

import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;

/**
 * Socket options of both ends.
 *
 * <p>Buffers: 16 MiB asked for each way, as the QUIC servers ask for their UDP sockets, capped by
 * Linux at net.core.rmem_max / wmem_max. Setting them turns off Linux's TCP buffer autotuning for
 * that socket, which on its own would grow to net.ipv4.tcp_rmem[2]; on loopback the
 * bandwidth-delay product is tens of kilobytes, so even the common 208 KiB cap (416 KiB granted)
 * never limits the window, and a fixed size makes every run start with the same window. The
 * receive buffer is set on the listening socket, before bind, so accepted connections inherit it
 * and the SYN already announces the window scale it needs.
 *
 * <p>TCP_NODELAY: the perf exchange is request, FIN, response; Nagle would only delay the last
 * partial record of each direction.
 */
final class Sockets {

    static final int BUFFER_BYTES = 16 << 20;

    private Sockets() {
    }

    static void tuneListener(ServerSocket listener) throws SocketException {
        listener.setReceiveBufferSize(BUFFER_BYTES);
    }

    /** Options of an accepted or a client socket; the client calls it before connect. */
    static void tune(Socket socket) throws SocketException {
        socket.setTcpNoDelay(true);
        socket.setReceiveBufferSize(BUFFER_BYTES);
        socket.setSendBufferSize(BUFFER_BYTES);
    }

    /** Says on stderr when the kernel granted less than asked for. */
    static void reportShortfall(Socket socket, PrintStream log, String who) throws SocketException {
        int rcv = socket.getReceiveBufferSize();
        int snd = socket.getSendBufferSize();
        if (rcv < BUFFER_BYTES || snd < BUFFER_BYTES) {
            log.println(who + ": kernel granted SO_RCVBUF=" + rcv + " SO_SNDBUF=" + snd + " of the " + BUFFER_BYTES
                    + " asked for (net.core.rmem_max / wmem_max)");
        }
    }
}
