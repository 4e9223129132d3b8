package dev.quicperf.kwik;

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
import tech.kwik.core.KwikVersion;

class KwikImplementationTest {

    private final KwikImplementation kwik = new KwikImplementation();

    @Test
    void versionIsTheKwikOnTheClasspath() {
        assertThat(kwik.id()).isEqualTo("kwik");
        assertThat(kwik.version()).matches("\\d+\\.\\d+\\.\\d+.*");
        // kwik's jar carries its own version.properties; ours is filtered from the pom.
        assertThat(kwik.version()).isEqualTo(KwikVersion.getVersion());
        assertThat(kwik.protocols()).containsExactly("perf");
    }

    @Test
    void serverLaunchRunsOurServerWithBoundedHeapAndSerialGc() {
        ServerOptions options = new ServerOptions("127.0.0.1", 0, Path.of("/run/cert.pem"), Path.of("/run/key.pem"));
        JvmLaunch launch = (JvmLaunch) kwik.serverLaunch(options);
        assertThat(launch.mainClass()).isEqualTo(KwikPerfServer.class.getName());
        assertThat(launch.jvmFlags()).contains("-Xmx1g", "-XX:+UseSerialGC");
        assertThat(launch.args()).isEqualTo(options.toArgs());
        assertThat(launch.files()).isEqualTo(options.files());
        assertThat(launch.environment()).isEmpty();
        assertThat(launch.classpath()).anyMatch(p -> p.toString().contains("kwik-"));
        assertThat(launch.classpath()).anyMatch(p -> p.toString().contains("agent15-"));
    }

    @Test
    void clientLaunchCannotBufferALargeResponse() {
        ClientOptions options = new ClientOptions("127.0.0.1", 4433, 2_000_000_000L, 0, Duration.ofSeconds(30));
        JvmLaunch launch = (JvmLaunch) kwik.clientLaunch(options);
        assertThat(launch.mainClass()).isEqualTo(KwikPerfClient.class.getName());
        assertThat(launch.jvmFlags()).contains("-Xmx256m", "-XX:+UseSerialGC");
        assertThat(launch.args()).isEqualTo(options.toArgs());
        assertThat(launch.files()).isEmpty();
    }

    @Test
    void loadClientLaunchRunsOurLoadClientWithRoomForManyConnections() {
        LoadOptions options = new LoadOptions(LoadScenario.RPS, "127.0.0.1", 4433, 144, 20_000, 2_000, 1, 2,
                Duration.ofMinutes(2));
        JvmLaunch launch = (JvmLaunch) kwik.loadClientLaunch(options);
        assertThat(launch.mainClass()).isEqualTo(KwikLoadClient.class.getName());
        assertThat(launch.jvmFlags()).contains("-Xmx512m", "-XX:+UseSerialGC", "-Dtech.kwik.core.no-security-warnings=true");
        assertThat(launch.args()).isEqualTo(options.toArgs());
        assertThat(launch.files()).isEmpty();
        assertThat(launch.environment()).isEmpty();
        assertThat(launch.classpath()).anyMatch(p -> p.toString().contains("kwik-"));
    }

    @Test
    void cpuRulesMatchKwikFramesInEitherNotation() {
        CpuRules rules = kwik.cpuRules();
        List<Pattern> tls = rules.patterns(CpuCategory.TLS);
        List<Pattern> ack = rules.patterns(CpuCategory.ACK);
        assertMatches(tls, "tech.kwik.agent15.engine.TlsClientEngine.received",
                "tech/kwik/core/crypto/Aes128Gcm.aeadEncrypt", "at/favre/lib/hkdf/HKDF.expand");
        assertNoMatch(tls, "tech.kwik.core.send.SenderImpl.send", "java.net.DatagramSocket.send",
                "tech.kwik.core.recovery.RecoveryManager.onAckReceived");
        assertMatches(ack, "tech.kwik.core.ack.GlobalAckGenerator.packetReceived",
                "tech/kwik/core/recovery/LossDetector.onAckReceived",
                "tech.kwik.core.frame.AckFrame.parse", "tech.kwik.core.cc.NewRenoCongestionController.registerAcked");
        assertNoMatch(ack, "tech.kwik.core.frame.StreamFrame.parse", "tech.kwik.core.crypto.Aes128Gcm.aeadDecrypt",
                "tech/kwik/core/frame/AckFrameX.parse");
        assertThat(rules.rules()).allMatch(r -> r.origin().startsWith("dev/quicperf/kwik/cpu-rules.txt:"));
    }

    private static void assertMatches(List<Pattern> patterns, String... frames) {
        for (String frame : frames) {
            assertThat(patterns.stream().anyMatch(p -> p.matcher(frame).find()))
                    .as("%s matched by one of %s", frame, patterns).isTrue();
        }
    }

    private static void assertNoMatch(List<Pattern> patterns, String... frames) {
        for (String frame : frames) {
            assertThat(patterns.stream().noneMatch(p -> p.matcher(frame).find()))
                    .as("%s matched by none of %s", frame, patterns).isTrue();
        }
    }
}
