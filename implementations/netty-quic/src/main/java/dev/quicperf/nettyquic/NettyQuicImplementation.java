package dev.quicperf.nettyquic;

import dev.quicperf.adapter.ClientOptions;
import dev.quicperf.adapter.CpuRules;
import dev.quicperf.adapter.Implementation;
import dev.quicperf.adapter.IoMode;
import dev.quicperf.adapter.JvmLaunch;
import dev.quicperf.adapter.Launch;
import dev.quicperf.adapter.PerfProtocol;
import dev.quicperf.adapter.RuntimeClasspath;
import dev.quicperf.adapter.ServerOptions;
import dev.quicperf.adapter.load.LoadOptions;
import io.netty.util.Version;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Netty QUIC (netty-codec-native-quic: Cloudflare quiche and BoringSSL behind JNI) as the suite
 * sees it. The server and the client each run in a JVM of their own.
 */
public final class NettyQuicImplementation implements Implementation {

    public static final String ID = "netty-quic";

    /**
     * JVM flags shared by server and client.
     *
     * <ul>
     * <li>{@code -XX:+UseSerialGC}: chosen, not left to ergonomics. The JVM picks SerialGC by
     * itself only when it sees one CPU, and G1 otherwise, so the same run would use different
     * collectors depending on how the environment pins it. Our hot path allocates little on the
     * heap (payload lives in pooled or native memory), so a single-threaded young collection of a
     * small heap is cheapest, and no concurrent GC threads compete with the event loop for the
     * core it is pinned to.</li>
     * <li>{@code --enable-native-access=ALL-UNNAMED}: JDK 24+ warns (and a later JDK refuses)
     * when the quiche JNI library is loaded without it; JDK 17, our minimum, accepts the flag.</li>
     * <li>{@code -Dio.netty.leakDetection.level=disabled}: the default sampling leak detector
     * costs CPU on every sampled buffer and prints to the console; a perf run measures the stack,
     * not the detector.</li>
     * <li>{@code -Dio.netty.jfr.enabled=false}: Netty 4.2's buffer allocator defines JFR events;
     * the first chunk allocation (inside the first handshake) then initialises the JDK's JFR
     * machinery, about 300 ms of class loading that showed up as handshake time.</li>
     * </ul>
     * Netty logs through java.util.logging when no SLF4J is present, which writes to stderr, so
     * stdout stays free for the readiness line and the report.
     */
    private static final List<String> COMMON_FLAGS = List.of(
            "-XX:+UseSerialGC",
            "--enable-native-access=ALL-UNNAMED",
            "-Dio.netty.leakDetection.level=disabled",
            "-Dio.netty.jfr.enabled=false");

    /** The server keeps no payload on the heap; 1 GiB leaves room for many concurrent connections. */
    private static final List<String> SERVER_FLAGS = List.of("-Xms64m", "-Xmx1g");

    /**
     * The client streams the response through a verifier and never holds it, so 256 MiB is plenty
     * and makes sure a 2 GB download can never be buffered by mistake.
     *
     * <p>{@code -XX:TieredStopAtLevel=1} (C1 only): the client is a fresh JVM per run, pinned to
     * one core, and C2 compiling Netty's receive path cost 1 to 1.6 s of that core during a run
     * (as much CPU as the transfer itself up to ~100 MB), competing with the event loop. C1 code
     * is ~25% slower at steady state but compiles in a fraction of the time: client CPU dropped
     * by 30-45% for 20-100 MB and still a little for 500 MB; C2 would only pay off beyond ~1 GB.
     * The server lives across runs, so it keeps the full tiered compiler.
     */
    private static final List<String> CLIENT_FLAGS = List.of("-Xms32m", "-Xmx256m", "-XX:TieredStopAtLevel=1");

    /**
     * The load client ({@link NettyQuicLoadClient}), a fresh JVM per run, pinned to one core
     * like the goodput client. Chosen by measurement (rps, 144 connections x 2 outstanding, 2 KB,
     * 2,000 requests of warm-up, runs interleaved with each alternative on an otherwise idle
     * machine):
     *
     * <ul>
     * <li>{@code -XX:TieredStopAtLevel=1} (C1 only), although a load run is long for a client.
     * With C2, 100,000 requests cost the client 44-64 us of CPU each against 20-30 us with C1:
     * C2's compiler thread took 3-5 s of the client's only core inside the timed phase (Netty's
     * stream and pipeline code is a lot of hot code), and until it was done the event loop ran
     * tier-3 profiled code, slower than C1's. Once compiled, C2 code is ~30% cheaper (~21 against
     * ~31 us per request in a 400,000-request run, where C2 reached full speed after ~10 s and
     * still lost overall, 14.5 s against 12.4 s of client CPU), so C2 only pays off beyond
     * roughly 600,000 requests; the study's largest run is 100,000.</li>
     * <li>{@code -Dio.netty.allocator.lowMemory=false}: Netty 4.2's adaptive allocator calls a
     * JVM with at most 512 MiB of heap "low memory" and then pools no buffer above 16 KiB: every
     * 64 KiB datagram read (GRO) and every large stream read became a fresh direct buffer,
     * zeroed and freed. With GRO reads that cost ~10% more CPU per 2 KB request; with the
     * recvmmsg reads we use for small responses ({@link LoadTransport}) it is below the noise. We
     * say so instead of raising -Xmx past the threshold: the heap size is not the point.</li>
     * <li>512 MiB heap: no payload is held, but response-time may keep thousands of connections'
     * Netty objects at once.</li>
     * </ul>
     */
    private static final List<String> LOAD_CLIENT_FLAGS = List.of("-Xms64m", "-Xmx512m", "-XX:TieredStopAtLevel=1",
            "-Dio.netty.allocator.lowMemory=false");

    private static volatile String version;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String version() {
        return stackVersion();
    }

    @Override
    public Set<String> protocols() {
        return Set.of(PerfProtocol.ALPN);
    }

    @Override
    public Launch serverLaunch(ServerOptions options) {
        return new JvmLaunch(NettyQuicPerfServer.class.getName(), RuntimeClasspath.of(NettyQuicImplementation.class),
                flags(SERVER_FLAGS), options.toArgs(), Map.of(), options.files());
    }

    @Override
    public Launch clientLaunch(ClientOptions options) {
        return new JvmLaunch(NettyQuicPerfClient.class.getName(), RuntimeClasspath.of(NettyQuicImplementation.class),
                flags(CLIENT_FLAGS), options.toArgs(), Map.of(), List.of());
    }

    @Override
    public Launch loadClientLaunch(LoadOptions options) {
        return new JvmLaunch(NettyQuicLoadClient.class.getName(), RuntimeClasspath.of(NettyQuicImplementation.class),
                flags(LOAD_CLIENT_FLAGS), options.toArgs(), Map.of(), List.of());
    }

    private static List<String> flags(List<String> heap) {
        return java.util.stream.Stream.concat(heap.stream(), COMMON_FLAGS.stream()).toList();
    }

    /**
     * 50 MB, measured on a 20 MB download (client and server pinned to a core each, 6 runs
     * each): without a warm-up the client spent 380-440 ms of CPU on it, most of it C1
     * compiling Netty's receive path, and goodput was 0.46-0.54 Gbps; after a 20 MB warm-up
     * 89-129 ms and 1.1-1.7 Gbps; after 50 MB 61-97 ms and 1.8-3.0 Gbps. 50 MB costs about
     * 0.3 s per run. Letting C2 compile instead (with a 100 MB warm-up) was slower: its compiler
     * was still busy in the timed download.
     */
    @Override
    public long clientWarmupBytes() {
        return 50_000_000;
    }

    /** Default first: epoll with GSO/GRO where it loads, as {@link QuicSettings#CLIENT_IO} picks. */
    @Override
    public List<IoMode> ioModes() {
        IoMode preferred = QuicSettings.CLIENT_IO.mode;
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(preferred),
                java.util.Arrays.stream(IoMode.values()).filter(m -> m != preferred)).toList();
    }

    @Override
    public Optional<String> ioModeUnavailable(IoMode mode) {
        return NettyIo.of(mode).unavailableBecause();
    }

    @Override
    public CpuRules cpuRules() {
        return CpuRules.load(NettyQuicImplementation.class, "cpu-rules.txt");
    }

    /** The Netty QUIC version on the classpath, else the one this adapter was built against. */
    static String stackVersion() {
        String v = version;
        if (v == null) {
            v = lookUpVersion();
            version = v;
        }
        return v;
    }

    private static String lookUpVersion() {
        Version codec = Version.identify(NettyQuicImplementation.class.getClassLoader())
                .get("netty-codec-classes-quic");
        if (codec != null && !codec.artifactVersion().isBlank()) {
            return codec.artifactVersion();
        }
        Properties built = new Properties();
        try (InputStream in = NettyQuicImplementation.class.getResourceAsStream("netty-quic.properties")) {
            if (in == null) {
                throw new IllegalStateException("netty-quic.properties is missing: build the module with Maven");
            }
            built.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return built.getProperty("netty.version");
    }
}
