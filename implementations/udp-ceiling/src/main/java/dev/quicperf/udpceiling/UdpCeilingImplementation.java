package dev.quicperf.udpceiling;

import dev.quicperf.adapter.ClientOptions;
import dev.quicperf.adapter.CpuRules;
import dev.quicperf.adapter.Implementation;
import dev.quicperf.adapter.JvmLaunch;
import dev.quicperf.adapter.Launch;
import dev.quicperf.adapter.RuntimeClasspath;
import dev.quicperf.adapter.ServerOptions;
import dev.quicperf.adapter.load.LoadOptions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The ceiling row: response bytes in plain UDP datagrams, no QUIC and no crypto, through the same
 * java.nio DatagramChannel a Java QUIC server uses in nio mode and in datagrams of the size the
 * QUIC stacks send. No QUIC stack can move its bytes faster through that path than this, so its
 * goodput bounds theirs in the same environment, and its CPU per packet is the part of theirs
 * that is only moving datagrams. It speaks {@code udp-blast} ({@link Wire}), never paired with a
 * QUIC client.
 */
public final class UdpCeilingImplementation implements Implementation {

    public static final String ID = "udp-ceiling";
    public static final String PROTOCOL = "udp-blast";
    /** No library: the JDK's DatagramChannel is the whole stack. */
    static final String VERSION = "udp-blast 1 (" + Wire.DATAGRAM_BYTES + "-byte datagrams), JDK "
            + System.getProperty("java.version") + " DatagramChannel";

    /*
     * -XX:+UseSerialGC for the reasons kwik's adapter gives (one pinned core; the same collector
     * in every environment). Neither side allocates per datagram on its path.
     */
    private static final List<String> COMMON_FLAGS = List.of("-XX:+UseSerialGC");

    /*
     * The server keeps a few hundred bytes per transfer (a bitset of what to send again) and one
     * 64 KiB pattern: 256 MiB covers its 4096 transfers with room to spare.
     */
    static final List<String> SERVER_HEAP = List.of("-Xms64m", "-Xmx256m");

    /*
     * The client keeps a bit per datagram of its response: 2 GB is 1.5 million datagrams, 190 KB.
     * 256 MiB is ample and still fails a client that tried to hold the response.
     */
    static final List<String> CLIENT_HEAP = List.of("-Xms64m", "-Xmx256m");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public Set<String> protocols() {
        return Set.of(PROTOCOL);
    }

    @Override
    public Launch serverLaunch(ServerOptions options) {
        return new JvmLaunch(UdpCeilingServer.class.getName(), RuntimeClasspath.of(UdpCeilingImplementation.class),
                flags(SERVER_HEAP), options.toArgs(), Map.of(), options.files());
    }

    @Override
    public Launch clientLaunch(ClientOptions options) {
        return new JvmLaunch(UdpCeilingClient.class.getName(), RuntimeClasspath.of(UdpCeilingImplementation.class),
                flags(CLIENT_HEAP), options.toArgs(), Map.of(), List.of());
    }

    @Override
    public Launch loadClientLaunch(LoadOptions options) {
        throw new UnsupportedOperationException(loadClientUnavailable().orElseThrow());
    }

    @Override
    public Optional<String> loadClientUnavailable() {
        return Optional.of("udp-ceiling has no load client yet: it is a goodput reference row only");
    }

    /** Its stats line counts the DATA datagrams of each transfer, resends included. */
    @Override
    public boolean reportsPackets() {
        return true;
    }

    @Override
    public Role role() {
        return Role.UDP_CEILING;
    }

    /**
     * 30 MB, measured on a 20 MB download pinned as the suite pins (4 runs each, README.md): the
     * client spent 265 ms of CPU on it cold, 190 ms after a 5 MB warm-up, 155 ms after 10 MB and
     * 128 ms after 30 MB; the server's CPU per datagram was the same in all (about 5 us).
     */
    @Override
    public long clientWarmupBytes() {
        return 30_000_000;
    }

    @Override
    public CpuRules cpuRules() {
        return CpuRules.load(UdpCeilingImplementation.class, "cpu-rules.txt");
    }

    private static List<String> flags(List<String> heap) {
        return Stream.concat(heap.stream(), COMMON_FLAGS.stream()).toList();
    }
}
