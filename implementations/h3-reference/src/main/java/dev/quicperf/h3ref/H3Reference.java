package dev.quicperf.h3ref;

import dev.quicperf.adapter.ClientOptions;
import dev.quicperf.adapter.JvmLaunch;
import dev.quicperf.adapter.RuntimeClasspath;
import dev.quicperf.adapter.load.LoadOptions;
import io.netty.util.Version;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The reference HTTP/3 clients as the suite launches them, to drive a foreign h3 server (one
 * that answers {@code GET /<n>} with n bytes, as ngtcp2's example server does) with the same
 * client whatever the server. Each runs in a JVM of its own with this module's classpath.
 *
 * <p>What the goodput client checks is the response's status and length, not its content: see
 * {@link H3GoodputClient}.
 */
public final class H3Reference {

    /** The {@code implementation} field of the clients' reports. */
    public static final String ID = "h3-reference";

    /**
     * What the suite should pass as {@code --warmup-bytes} ({@link ClientOptions#warmupBytes()}):
     * the client is a fresh JVM per run, and without a warm-up its JIT compiler and Netty's
     * allocator warm up inside the timed download. Measured on a 20 MB download from ngtcp2's
     * server (both pinned to a core, 6 runs each): no warm-up 340-360 Mbps at 21 ms of client CPU
     * per MB; 20 MB 1.56-1.70 Gbps; 50 MB 1.09-1.94 Gbps (median 1.74); 100 MB 2.11-2.33 Gbps at
     * 2.9-3.2 ms/MB. 100 MB costs about half a second per run. The client fetches it as requests
     * of 10 MB, which servers with ngtcp2's default limit on generated responses (20M) serve.
     */
    public static final long CLIENT_WARMUP_BYTES = 100_000_000;

    /**
     * JVM flags of both clients.
     *
     * <ul>
     * <li>{@code -XX:+UseSerialGC}: chosen, not left to ergonomics, which pick SerialGC only when
     * the JVM sees one CPU and G1 otherwise, so the collector would depend on the pinning. The
     * clients allocate little on the heap (packets and stream data live in pooled native memory),
     * and no concurrent GC threads compete with the event loop for its core.</li>
     * <li>{@code --enable-native-access=ALL-UNNAMED}: JDK 24+ warns (a later JDK refuses) when
     * quiche's JNI library loads without it; JDK 17 accepts it.</li>
     * <li>{@code -Dio.netty.leakDetection.level=disabled}: the sampling leak detector costs CPU on
     * sampled buffers; a run measures the transfer, not the detector.</li>
     * <li>{@code -Dio.netty.jfr.enabled=false}: Netty 4.2's allocator would otherwise initialise
     * the JDK's JFR machinery on its first chunk, inside the first handshake.</li>
     * </ul>
     * Netty logs through java.util.logging (no SLF4J on the classpath), which writes to stderr:
     * stdout stays the report's.
     */
    private static final List<String> COMMON_FLAGS = List.of(
            "-XX:+UseSerialGC",
            "--enable-native-access=ALL-UNNAMED",
            "-Dio.netty.leakDetection.level=disabled",
            "-Dio.netty.jfr.enabled=false");

    /**
     * The goodput client streams the body through a counter and never holds it: 256 MiB is plenty
     * and makes sure a 2 GB response can never be buffered by mistake. {@code -XX:TieredStopAtLevel=1}
     * (C1 only): a fresh JVM per run on one core, where C2 compiling Netty's receive path takes
     * the core from the event loop for longer than it saves. Measured on 100 MB from ngtcp2's
     * server after a 50 MB warm-up (both pinned, 4 runs each, interleaved): C1 only 1.66-3.28
     * Gbps at 2.4-4.2 ms of client CPU per MB, full tiered compilation 0.97-1.35 Gbps at 6.0-8.3
     * ms/MB.
     */
    private static final List<String> CLIENT_FLAGS = List.of("-Xms32m", "-Xmx256m", "-XX:TieredStopAtLevel=1");

    /**
     * The load client: C1 only for the same reason (a load run of the study's sizes is over before
     * C2's code would pay back its compile time); {@code -Dio.netty.allocator.lowMemory=false} so
     * that Netty 4.2's adaptive allocator, which calls a heap of 512 MiB or less "low memory",
     * still pools buffers above 16 KiB (every 64 KiB datagram read would be a fresh, zeroed direct
     * buffer otherwise); 512 MiB heap for the Netty objects of thousands of connections at once.
     */
    private static final List<String> LOAD_CLIENT_FLAGS = List.of("-Xms64m", "-Xmx512m", "-XX:TieredStopAtLevel=1",
            "-Dio.netty.allocator.lowMemory=false");

    private static volatile String version;

    private H3Reference() {
    }

    /** The goodput client ({@link H3GoodputClient}) for one download. */
    public static JvmLaunch clientLaunch(ClientOptions options) {
        return new JvmLaunch(H3GoodputClient.class.getName(), RuntimeClasspath.of(H3Reference.class),
                flags(CLIENT_FLAGS), options.toArgs(), Map.of(), List.of());
    }

    /** The load client ({@link H3LoadClient}) for one response-time, rps or handshakes run. */
    public static JvmLaunch loadClientLaunch(LoadOptions options) {
        return new JvmLaunch(H3LoadClient.class.getName(), RuntimeClasspath.of(H3Reference.class),
                flags(LOAD_CLIENT_FLAGS), options.toArgs(), Map.of(), List.of());
    }

    private static List<String> flags(List<String> own) {
        return Stream.concat(own.stream(), COMMON_FLAGS.stream()).toList();
    }

    /** {@code netty-codec-http3 <version>}: the codec on the classpath, else the one this module was built against. */
    public static String version() {
        String v = version;
        if (v == null) {
            v = "netty-codec-http3 " + lookUpVersion();
            version = v;
        }
        return v;
    }

    private static String lookUpVersion() {
        Version codec = Version.identify(H3Reference.class.getClassLoader()).get("netty-codec-http3");
        if (codec != null && !codec.artifactVersion().isBlank()) {
            return codec.artifactVersion();
        }
        Properties built = new Properties();
        try (InputStream in = H3Reference.class.getResourceAsStream("h3-reference.properties")) {
            if (in == null) {
                throw new IllegalStateException("h3-reference.properties is missing: build the module with Maven");
            }
            built.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return built.getProperty("netty.version");
    }
}
