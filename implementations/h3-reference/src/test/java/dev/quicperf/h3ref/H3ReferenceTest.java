package dev.quicperf.h3ref;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicperf.adapter.ClientOptions;
import dev.quicperf.adapter.JvmLaunch;
import dev.quicperf.adapter.load.LoadOptions;
import dev.quicperf.adapter.load.LoadScenario;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class H3ReferenceTest {

    @Test
    void namesTheCodecAndItsVersion() {
        assertThat(H3Reference.ID).isEqualTo("h3-reference");
        assertThat(H3Reference.version()).matches("netty-codec-http3 \\d+\\.\\d+\\.\\d+\\.Final(-SNAPSHOT)?");
    }

    @Test
    void clientLaunchHasItsMainArgsAndASmallHeap() {
        ClientOptions options = new ClientOptions("127.0.0.1", 4433, 2_000_000_000L, 0, Duration.ofSeconds(30),
                H3Reference.CLIENT_WARMUP_BYTES);
        JvmLaunch launch = H3Reference.clientLaunch(options);
        assertThat(launch.mainClass()).isEqualTo(H3GoodputClient.class.getName());
        assertThat(launch.args()).isEqualTo(options.toArgs());
        assertThat(launch.files()).isEmpty();
        assertThat(launch.environment()).isEmpty();
        assertThat(launch.jvmFlags()).contains("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "--enable-native-access=ALL-UNNAMED");
        assertThat(launch.classpath()).anyMatch(p -> p.toString().contains("netty-codec-http3"))
                .anyMatch(p -> p.toString().contains("netty-codec-native-quic"))
                .noneMatch(p -> p.toString().contains("quicperf-netty-quic"));
    }

    @Test
    void loadClientLaunchHasItsMainAndFlags() {
        LoadOptions options = new LoadOptions(LoadScenario.RPS, "127.0.0.1", 4433, 144, 100_000, 2_000, 2048, 2,
                Duration.ofSeconds(60));
        JvmLaunch launch = H3Reference.loadClientLaunch(options);
        assertThat(launch.mainClass()).isEqualTo(H3LoadClient.class.getName());
        assertThat(launch.args()).isEqualTo(options.toArgs());
        assertThat(launch.files()).isEmpty();
        assertThat(launch.jvmFlags()).contains("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dio.netty.allocator.lowMemory=false");
    }

    @Test
    void warmupGoesInRequestsOfAtMostTenMegabytes() {
        assertThat(H3GoodputClient.warmupSizes(50_000_000)).containsExactly(10_000_000, 10_000_000, 10_000_000,
                10_000_000, 10_000_000);
        assertThat(H3GoodputClient.warmupSizes(25_000_000)).containsExactly(10_000_000, 10_000_000, 5_000_000);
        assertThat(H3GoodputClient.warmupSizes(3)).containsExactly(3);
    }
}
