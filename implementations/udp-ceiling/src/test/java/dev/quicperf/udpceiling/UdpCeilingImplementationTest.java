package dev.quicperf.udpceiling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quicperf.adapter.ClientOptions;
import dev.quicperf.adapter.CpuCategory;
import dev.quicperf.adapter.CpuRules;
import dev.quicperf.adapter.Implementation.Role;
import dev.quicperf.adapter.JvmLaunch;
import dev.quicperf.adapter.ServerOptions;
import dev.quicperf.adapter.load.LoadOptions;
import dev.quicperf.adapter.load.LoadScenario;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class UdpCeilingImplementationTest {

    private final UdpCeilingImplementation ceiling = new UdpCeilingImplementation();

    @Test
    void isTheUdpCeilingRowAndNeverPairsWithQuicClients() {
        assertThat(ceiling.id()).isEqualTo("udp-ceiling");
        assertThat(ceiling.version()).contains("1350-byte datagrams").contains("JDK " + System.getProperty("java.version"));
        assertThat(ceiling.protocols()).containsExactly("udp-blast");
        assertThat(ceiling.role()).isEqualTo(Role.UDP_CEILING);
        assertThat(ceiling.reportsPackets()).isTrue();
        assertThat(ceiling.unavailableBecause()).isEmpty();
        assertThat(ceiling.clientWarmupBytes()).isPositive();
    }

    @Test
    void datagramsAreAsLargeAsTheLargestAQuicStackSends() {
        // netty-quic's MAX_UDP_PAYLOAD; kwik sends 1252 over IPv4.
        assertThat(Wire.DATAGRAM_BYTES).isEqualTo(1350);
        assertThat(Wire.PAYLOAD_BYTES).isEqualTo(1334);
        assertThat(Wire.datagrams(0)).isEqualTo(1);
        assertThat(Wire.datagrams(1334)).isEqualTo(1);
        assertThat(Wire.datagrams(1335)).isEqualTo(2);
        assertThat(Wire.datagrams(1_000_000_000_000L)).isPositive();
        assertThat(Wire.payloadLength(1335, 1)).isEqualTo(1);
    }

    @Test
    void hasNoLoadClientAndSaysSo() {
        assertThat(ceiling.loadClientUnavailable()).hasValueSatisfying(r -> assertThat(r).contains("no load client"));
        LoadOptions options = new LoadOptions(LoadScenario.RPS, "127.0.0.1", 4433, 16, 1000, 100, 2048, 2,
                Duration.ofMinutes(1));
        assertThatThrownBy(() -> ceiling.loadClientLaunch(options)).hasMessageContaining("no load client");
    }

    @Test
    void launchesRunOurMainsWithTheirOwnClasspathAndSerialGc() {
        ServerOptions server = new ServerOptions("127.0.0.1", 0, Path.of("/run/cert.pem"), Path.of("/run/key.pem"));
        JvmLaunch s = (JvmLaunch) ceiling.serverLaunch(server);
        assertThat(s.mainClass()).isEqualTo(UdpCeilingServer.class.getName());
        assertThat(s.jvmFlags()).contains("-Xmx256m", "-XX:+UseSerialGC");
        assertThat(s.args()).isEqualTo(server.toArgs());
        assertThat(s.files()).isEqualTo(server.files());
        assertThat(s.classpath()).noneMatch(p -> p.toString().contains("kwik") || p.toString().contains("netty"));
        ClientOptions client = new ClientOptions("127.0.0.1", 4433, 20_000_000, 0, Duration.ofSeconds(30), 1000);
        JvmLaunch c = (JvmLaunch) ceiling.clientLaunch(client);
        assertThat(c.mainClass()).isEqualTo(UdpCeilingClient.class.getName());
        assertThat(c.args()).isEqualTo(client.toArgs());
        assertThat(c.files()).isEmpty();
    }

    @Test
    void cpuRulesPutDatagramChannelCallsInSendAndReceiveAndFeedbackInAck() {
        CpuRules rules = ceiling.cpuRules();
        assertMatches(rules.patterns(CpuCategory.SENDMSG), "sun/nio/ch/DatagramChannelImpl.send",
                "sun.nio.ch.DatagramChannelImpl.sendFromNativeBuffer", "Java_sun_nio_ch_DatagramChannelImpl_send0",
                "sun/nio/ch/DatagramChannelImpl.write", "sun/nio/ch/DatagramDispatcher.write0");
        assertMatches(rules.patterns(CpuCategory.RECVMSG), "sun/nio/ch/DatagramChannelImpl.receive",
                "sun/nio/ch/DatagramChannelImpl.untrustedReceive", "Java_sun_nio_ch_DatagramChannelImpl_receive0",
                "sun/nio/ch/DatagramChannelImpl.read", "Java_sun_nio_ch_DatagramDispatcher_read0");
        assertNoMatch(rules.patterns(CpuCategory.SENDMSG), "sun/nio/ch/DatagramChannelImpl.receive",
                "sun/nio/ch/DatagramChannelImpl.sendSomething");
        assertMatches(rules.patterns(CpuCategory.ACK), "dev/quicperf/udpceiling/Transfer.onFeedback");
        assertNoMatch(rules.patterns(CpuCategory.ACK), "dev/quicperf/udpceiling/BlastServer.sendData");
        assertThat(rules.patterns(CpuCategory.TLS)).as("no crypto here").isEmpty();
        assertThat(rules.rules()).allMatch(r -> r.origin().startsWith("dev/quicperf/udpceiling/cpu-rules.txt:"));
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
