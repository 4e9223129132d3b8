package dev.quicperf.environment.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quicperf.adapter.JvmLaunch;
import dev.quicperf.adapter.Readiness;
import dev.quicperf.adapter.cpu.CpuSnapshot;
import dev.quicperf.environment.RunningServer;
import dev.quicperf.environment.ServerStartException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the real Docker engine; skipped with the reason where none answers. */
class ContainerEnvironmentTest {

    @TempDir
    Path logs;

    private final ContainerEnvironment env = new ContainerEnvironment("0", "0", Duration.ofSeconds(30));

    @BeforeEach
    void needsDocker() {
        Assumptions.assumeTrue(env.unavailableBecause().isEmpty(), () -> "skipped: " + env.unavailableBecause().get());
    }

    private static JvmLaunch echo(String... args) throws Exception {
        Path classes = Path.of(UdpEchoMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path adapters = Path.of(Readiness.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return new JvmLaunch(UdpEchoMain.class.getName(), List.of(classes, adapters), List.of(), List.of(args),
                Map.of(), List.of());
    }

    @Test
    void aServerInItsContainerAnswersOnLoopbackItsCpuAgreesWithTheCgroupAndCloseRemovesIt() throws Exception {
        String name;
        try (RunningServer server = env.start(echo(), Readiness.READY_LINE, logs)) {
            assertThat(server.host()).isEqualTo("127.0.0.1");
            assertThat(DockerEngine.ours()).hasSize(1);
            name = DockerEngine.ours().get(0);
            ContainerServer container = (ContainerServer) server;
            CpuSnapshot before = server.cpu();
            long cgroupBefore = container.cgroupCpuNanos();
            try (DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                client.setSoTimeout(10_000);
                byte[] ping = "ping".getBytes(StandardCharsets.US_ASCII);
                client.send(new DatagramPacket(ping, ping.length, InetAddress.getLoopbackAddress(), server.port()));
                DatagramPacket back = new DatagramPacket(new byte[16], 16);
                client.receive(back);
                assertThat(new String(back.getData(), 0, back.getLength(), StandardCharsets.US_ASCII)).isEqualTo("ping");
            }
            long proc = server.cpu().since(before).totalNanos();
            long cgroup = container.cgroupCpuNanos() - cgroupBefore;
            // The echo spins 200 ms per datagram; both views must see it, and agree.
            assertThat(proc).isGreaterThan(150_000_000L);
            assertThat((double) cgroup).isCloseTo(proc, org.assertj.core.data.Percentage.withPercentage(15));
        }
        assertThat(DockerEngine.ours()).doesNotContain(name);
    }

    @Test
    void aServerThatExitsAtStartFailsFastWithItsStderrAndLeavesNoContainer() throws Exception {
        long start = System.nanoTime();
        assertThatThrownBy(() -> env.start(echo("fail"), Readiness.READY_LINE, logs))
                .isInstanceOf(ServerStartException.class)
                .hasMessageContaining("simulated start-up failure");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        assertThat(DockerEngine.ours()).isEmpty();
    }
}
