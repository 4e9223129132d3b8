package dev.quicperf.adapter;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a server says on stdout when one of its connections ends: the client's UDP port, and the
 * QUIC packets it put on the wire for that connection and how many of them it declared lost,
 * from the stack's own counters. The harness divides the server's CPU by these to get the cost per packet; with
 * UDP GSO a datagram count from the kernel would count send calls, not packets.
 */
public record ConnectionStatsLine(int peerPort, long packetsSent, long packetsLost) {

    private static final Pattern LINE = Pattern.compile(
            "^QUICPERF CONNECTION peer_port=(\\d+) packets_sent=(\\d+) packets_lost=(\\d+)$");

    public String format() {
        return "QUICPERF CONNECTION peer_port=" + peerPort + " packets_sent=" + packetsSent + " packets_lost=" + packetsLost;
    }

    public static Optional<ConnectionStatsLine> parse(String line) {
        Matcher m = LINE.matcher(line.strip());
        return m.matches() ? Optional.of(new ConnectionStatsLine(Integer.parseInt(m.group(1)),
                Long.parseLong(m.group(2)), Long.parseLong(m.group(3)))) : Optional.empty();
    }
}
