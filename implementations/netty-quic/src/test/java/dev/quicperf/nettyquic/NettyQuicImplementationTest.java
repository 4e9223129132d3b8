package dev.quicperf.nettyquic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicperf.adapter.ClientOptions;
import dev.quicperf.adapter.CpuCategory;
import dev.quicperf.adapter.CpuRules;
import dev.quicperf.adapter.JvmLaunch;
import dev.quicperf.adapter.ServerOptions;
import dev.quicperf.adapter.load.LoadOptions;
import dev.quicperf.adapter.load.LoadScenario;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class NettyQuicImplementationTest {

    private final NettyQuicImplementation impl = new NettyQuicImplementation();

    @Test
    void describesTheStack() {
        assertThat(impl.id()).isEqualTo("netty-quic");
        assertThat(impl.version()).matches("\\d+\\.\\d+\\.\\d+\\.Final(-SNAPSHOT)?");
        assertThat(impl.protocols()).containsExactly("perf");
    }

    @Test
    void serverLaunchCarriesArgsFilesAndBoundedHeap() {
        ServerOptions options = new ServerOptions("127.0.0.1", 0, Path.of("/tmp/c.pem"), Path.of("/tmp/k.pem"));
        JvmLaunch launch = (JvmLaunch) impl.serverLaunch(options);
        assertThat(launch.mainClass()).isEqualTo(NettyQuicPerfServer.class.getName());
        assertThat(launch.args()).isEqualTo(options.toArgs());
        assertThat(launch.files()).isEqualTo(options.files());
        assertThat(launch.environment()).isEmpty();
        assertThat(launch.jvmFlags()).contains("-Xmx1g", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED");
        assertThat(launch.classpath()).anyMatch(p -> p.toString().contains("netty-codec-native-quic"));
    }

    @Test
    void clientLaunchHasSmallHeapAndNoFiles() {
        ClientOptions options = new ClientOptions("127.0.0.1", 4433, 2_000_000_000L, 0, Duration.ofSeconds(30));
        JvmLaunch launch = (JvmLaunch) impl.clientLaunch(options);
        assertThat(launch.mainClass()).isEqualTo(NettyQuicPerfClient.class.getName());
        assertThat(launch.args()).isEqualTo(options.toArgs());
        assertThat(launch.files()).isEmpty();
        assertThat(launch.jvmFlags()).contains("-Xmx256m", "-XX:+UseSerialGC");
    }

    @Test
    void loadClientLaunchHasItsOwnMainAndFlags() {
        LoadOptions options = new LoadOptions(LoadScenario.RPS, "127.0.0.1", 4433, 144, 100_000, 2_000, 2048, 2,
                Duration.ofSeconds(60));
        JvmLaunch launch = (JvmLaunch) impl.loadClientLaunch(options);
        assertThat(launch.mainClass()).isEqualTo(NettyQuicLoadClient.class.getName());
        assertThat(launch.args()).isEqualTo(options.toArgs());
        assertThat(launch.files()).isEmpty();
        assertThat(launch.environment()).isEmpty();
        assertThat(launch.jvmFlags()).contains("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dio.netty.allocator.lowMemory=false", "--enable-native-access=ALL-UNNAMED");
        assertThat(launch.classpath()).anyMatch(p -> p.toString().contains("netty-codec-native-quic"));
    }

    @Test
    void cpuRulesMatchQuicheAndNettyFrames() {
        CpuRules rules = impl.cpuRules();
        List<Pattern> tlsRules = rules.patterns(CpuCategory.TLS);
        List<Pattern> ackRules = rules.patterns(CpuCategory.ACK);
        List<String> tls = List.of(
                "<quiche::crypto::boringssl::PacketKey>::seal_with_u64_counter",
                "quiche::crypto::derive_pkt_key",
                "io.netty.handler.codec.quic.BoringSSL.SSL_new",
                "io/netty/handler/codec/quic/QuicheQuicSslEngine.wrap");
        List<String> ack = List.of(
                "<quiche::recovery::congestion::recovery::LegacyRecovery as quiche::recovery::RecoveryOps>::on_ack_received",
                "<quiche::ranges::RangeSet>::push_item",
                "_RNvMNtNtCs1S91yFf5hp4_6quiche8recovery10congestionNtB2_10Congestion16on_packets_acked");
        List<String> neither = List.of("<quiche::Connection>::recv_single", "__libc_recvfrom",
                "io.netty.channel.epoll.EpollDatagramChannel.processPacketList", "memcpy");
        for (String frame : tls) {
            assertThat(matchesAny(tlsRules, frame)).as("TLS: %s", frame).isTrue();
            assertThat(matchesAny(ackRules, frame)).as("not ACK: %s", frame).isFalse();
        }
        for (String frame : ack) {
            assertThat(matchesAny(ackRules, frame)).as("ACK: %s", frame).isTrue();
            assertThat(matchesAny(tlsRules, frame)).as("not TLS: %s", frame).isFalse();
        }
        for (String frame : neither) {
            assertThat(matchesAny(tlsRules, frame) || matchesAny(ackRules, frame)).as("neither: %s", frame).isFalse();
        }
    }

    private static boolean matchesAny(List<Pattern> patterns, String frame) {
        return patterns.stream().anyMatch(p -> p.matcher(frame).find());
    }
}
