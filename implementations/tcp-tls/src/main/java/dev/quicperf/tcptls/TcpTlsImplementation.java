package dev.quicperf.tcptls;

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
 * The reference row beside the QUIC stacks: the same perf requests over TCP + TLS 1.3, served by
 * the JDK's own TLS (the study's Table 3 set Apache2 over TCP + TLS beside its QUIC servers). It
 * speaks {@code perf-tcp}, not {@code perf}, so it is never paired with a QUIC client.
 */
public final class TcpTlsImplementation implements Implementation {

    public static final String ID = "tcp-tls";
    /** The perf exchange over one TCP connection per request; no QUIC client speaks it. */
    public static final String PROTOCOL = "perf-tcp";

    /*
     * -XX:+UseSerialGC for the reasons kwik's adapter gives: each process is pinned to one core,
     * where HotSpot would pick SerialGC anyway, and naming it keeps the collector the same in
     * every environment. The JDK's TLS makes little garbage per record (it encrypts in place).
     */
    private static final List<String> COMMON_FLAGS = List.of("-XX:+UseSerialGC");

    /*
     * Heap. Per connection the server holds a 64 KiB read buffer and the TLS layer's two record
     * buffers (~17 KiB each); the pattern it sends from is one shared 128 KiB array. 512 MiB leaves
     * room for thousands of concurrent connections; 64 MiB initially so the young generation does
     * not start tiny.
     */
    static final List<String> SERVER_HEAP = List.of("-Xms64m", "-Xmx512m");

    /*
     * The client streams the response through a verifier and keeps nothing: 64 KiB buffer, one TLS
     * record at a time. 256 MiB is plenty, and a client that tried to hold a 2 GB response would
     * fail with OutOfMemoryError instead of passing quietly.
     */
    static final List<String> CLIENT_HEAP = List.of("-Xms64m", "-Xmx256m");

    @Override
    public String id() {
        return ID;
    }

    /** The JDK is the TLS stack: its version, read where this runs (the launches use the same JDK). */
    @Override
    public String version() {
        return Tls.version();
    }

    @Override
    public Set<String> protocols() {
        return Set.of(PROTOCOL);
    }

    @Override
    public Launch serverLaunch(ServerOptions options) {
        return new JvmLaunch(TcpTlsPerfServer.class.getName(), RuntimeClasspath.of(TcpTlsImplementation.class),
                flags(SERVER_HEAP), options.toArgs(), Map.of(), options.files());
    }

    @Override
    public Launch clientLaunch(ClientOptions options) {
        return new JvmLaunch(TcpTlsPerfClient.class.getName(), RuntimeClasspath.of(TcpTlsImplementation.class),
                flags(CLIENT_HEAP), options.toArgs(), Map.of(), List.of());
    }

    @Override
    public Launch loadClientLaunch(LoadOptions options) {
        throw new UnsupportedOperationException(loadClientUnavailable().orElseThrow());
    }

    @Override
    public Optional<String> loadClientUnavailable() {
        return Optional.of("tcp-tls has no load client yet: it is a goodput reference row only");
    }

    /**
     * No stats line: the kernel segments and acknowledges TCP, and Java sees a byte stream, not
     * the segments of one connection (their count would need TCP_INFO or a packet capture). The
     * row reports server CPU per MB instead of per packet.
     */
    @Override
    public boolean reportsPackets() {
        return false;
    }

    @Override
    public Role role() {
        return Role.TCP_TLS_REFERENCE;
    }

    /**
     * 50 MB, measured on a 20 MB download pinned as the suite pins (4 runs each, README.md): the
     * client spent 1250 ms of CPU on it cold (0.14 Gbps), 490 ms after a 10 MB warm-up, 260 ms
     * after 20 MB and 200 ms after 50 MB (0.8 Gbps): the JDK's TLS record path and its AES-GCM
     * intrinsics are compiled only after tens of thousands of records.
     */
    @Override
    public long clientWarmupBytes() {
        return 50_000_000;
    }

    @Override
    public CpuRules cpuRules() {
        return CpuRules.load(TcpTlsImplementation.class, "cpu-rules.txt");
    }

    private static List<String> flags(List<String> heap) {
        return Stream.concat(heap.stream(), COMMON_FLAGS.stream()).toList();
    }
}
