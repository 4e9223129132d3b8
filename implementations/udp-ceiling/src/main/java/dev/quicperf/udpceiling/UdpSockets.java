package dev.quicperf.udpceiling;

import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;

/**
 * Socket buffers of both ends: 16 MiB each way, what the QUIC servers and clients ask for. Linux
 * caps the request at net.core.rmem_max / wmem_max (often 208 KiB) and grants twice the capped
 * value; the client sizes its credit from what it got, so a small buffer costs goodput, never
 * datagrams.
 */
final class UdpSockets {

    static final int BUFFER_BYTES = 16 << 20;

    private UdpSockets() {
    }

    /** Applies the buffer sizes; says on stderr when the kernel granted less. Returns the receive buffer granted. */
    static int apply(DatagramChannel channel, PrintStream log, String who) throws IOException {
        channel.setOption(StandardSocketOptions.SO_RCVBUF, BUFFER_BYTES);
        channel.setOption(StandardSocketOptions.SO_SNDBUF, BUFFER_BYTES);
        int rcv = channel.getOption(StandardSocketOptions.SO_RCVBUF);
        int snd = channel.getOption(StandardSocketOptions.SO_SNDBUF);
        if (rcv < BUFFER_BYTES || snd < BUFFER_BYTES) {
            log.println(who + ": kernel granted SO_RCVBUF=" + rcv + " SO_SNDBUF=" + snd + " of the " + BUFFER_BYTES
                    + " asked for; raise net.core.rmem_max and net.core.wmem_max to " + BUFFER_BYTES
                    + " for a larger credit window");
        }
        return rcv;
    }
}
