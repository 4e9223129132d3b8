package dev.quicperf.kwik;

import dev.quicperf.adapter.ClientOptions;
import dev.quicperf.adapter.CpuRules;
import dev.quicperf.adapter.Implementation;
import dev.quicperf.adapter.JvmLaunch;
import dev.quicperf.adapter.Launch;
import dev.quicperf.adapter.PerfProtocol;
import dev.quicperf.adapter.RuntimeClasspath;
import dev.quicperf.adapter.ServerOptions;
import dev.quicperf.adapter.load.LoadOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * kwik (pure-Java QUIC, tech.kwik:kwik) as the suite sees it: our own perf server and client,
 * each in a JVM of its own with kwik's runtime classpath only.
 */
public final class KwikImplementation implements Implementation {

    public static final String ID = "kwik";

    /*
     * JVM flags, shared by server and client.
     *
     * -XX:+UseSerialGC: the suite pins each process to one core. On one core HotSpot does not
     * consider the machine "server class" and picks SerialGC by itself; on an unpinned or
     * multi-core run it would pick G1 instead, and the numbers would depend on where the process
     * happened to run. We name SerialGC so every environment measures the same collector, and
     * because it is the right one for one core: no concurrent marking or refinement threads
     * competing with the sender and receiver threads for the only CPU, and the cheapest write
     * barriers. kwik allocates a fresh byte[] per packet and per stream frame, i.e. a lot of
     * short-lived garbage, which a young-generation copy handles well.
     *
     * -Dtech.kwik.core.no-security-warnings=true: kwik prints a warning to stdout when server
     * certificate checks are off; the client's stdout must hold the report only. The client also
     * sets it itself and sends System.out to stderr; this is belt and braces.
     */
    private static final List<String> COMMON_FLAGS = List.of(
            "-XX:+UseSerialGC",
            "-Dtech.kwik.core.no-security-warnings=true");

    /*
     * Heap. The server holds at most one send buffer (50 KB, kwik's fixed size) and one receive
     * window per stream, plus kwik's per-connection state: 1 GiB leaves room for many concurrent
     * connections. Initial heap = a quarter of that so the young generation does not start tiny.
     */
    static final List<String> SERVER_HEAP = List.of("-Xms256m", "-Xmx1g");

    /*
     * The client streams the response through a verifier and keeps nothing; what it can buffer is
     * bounded by the stream receive window (see Tuning), far below 256 MiB. A client that tried
     * to hold a 2 GB response would fail with OutOfMemoryError instead of passing quietly.
     */
    static final List<String> CLIENT_HEAP = List.of("-Xms64m", "-Xmx256m");

    /*
     * The load client holds up to ~150 connections and ~300 worker threads besides kwik's five to
     * seven threads per connection (stacks are off-heap). On the heap: per connection kwik's state
     * (packet, recovery and crypto state, a 50 KB send buffer per open stream) and what it has
     * received and we have not read, at most the 64 KiB stream window per request in flight
     * (Tuning.LOAD_STREAM_RECEIVE_WINDOW): 18 MiB for 144 x 2 requests. 512 MiB leaves ample room
     * for that and for the short-lived garbage kwik makes per packet (a fresh byte[] per datagram
     * and per frame); 128 MiB initially so the young generation is not tiny at the start of the
     * timed phase and the collector does not spend the first seconds growing the heap. Measured
     * with rps at 144 connections: ~14 MiB live after each young collection, 237 MB RSS.
     */
    static final List<String> LOAD_CLIENT_HEAP = List.of("-Xms128m", "-Xmx512m");

    private static final String VERSION = loadVersion();

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
        return Set.of(PerfProtocol.ALPN);
    }

    @Override
    public Launch serverLaunch(ServerOptions options) {
        return new JvmLaunch(KwikPerfServer.class.getName(), RuntimeClasspath.of(KwikImplementation.class),
                flags(SERVER_HEAP), options.toArgs(), Map.of(), options.files());
    }

    @Override
    public Launch clientLaunch(ClientOptions options) {
        return new JvmLaunch(KwikPerfClient.class.getName(), RuntimeClasspath.of(KwikImplementation.class),
                flags(CLIENT_HEAP), options.toArgs(), Map.of(), List.of());
    }

    @Override
    public Launch loadClientLaunch(LoadOptions options) {
        return new JvmLaunch(KwikLoadClient.class.getName(), RuntimeClasspath.of(KwikImplementation.class),
                flags(LOAD_CLIENT_HEAP), options.toArgs(), Map.of(), List.of());
    }

    private static List<String> flags(List<String> heap) {
        return java.util.stream.Stream.concat(heap.stream(), COMMON_FLAGS.stream()).toList();
    }

    /**
     * 10 MB, measured on a 20 MB download (5 runs each): 0.08-0.13 Gbps cold, 0.20-0.24 Gbps
     * after a 10 MB warm-up, no better after 20 MB. kwik needs 1-2 s for 10 MB here, so more
     * would cost minutes per matrix run for nothing.
     */
    @Override
    public long clientWarmupBytes() {
        return 10_000_000;
    }

    @Override
    public CpuRules cpuRules() {
        return CpuRules.load(KwikImplementation.class, "cpu-rules.txt");
    }

    private static String loadVersion() {
        String resource = "version.properties";
        try (InputStream in = KwikImplementation.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("dev/quicperf/kwik/" + resource
                        + " is missing: build the module with Maven (it is a filtered resource)");
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("kwik.version", "").strip();
            if (v.isEmpty() || v.startsWith("${")) {
                throw new IllegalStateException("dev/quicperf/kwik/" + resource
                        + " holds no kwik version (" + v + "): build the module with Maven");
            }
            return v;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
