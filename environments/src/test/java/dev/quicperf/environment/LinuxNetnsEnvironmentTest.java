package dev.quicperf.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quicperf.adapter.NativeLaunch;
import dev.quicperf.adapter.Readiness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinuxNetnsEnvironmentTest {

    private static final Path BASH = Path.of("/bin/bash");

    @TempDir
    Path logs;

    private final LinuxNetnsEnvironment env = new LinuxNetnsEnvironment("0", "0", Duration.ofSeconds(5),
            LinkShaping.NONE);

    @BeforeEach
    void needsRoot() {
        Assumptions.assumeTrue(env.unavailableBecause().isEmpty(), () -> "skipped: " + env.unavailableBecause().get());
    }

    private static NativeLaunch bash(String script) {
        return new NativeLaunch(BASH, List.of("-c", script), Map.of(), List.of());
    }

    @Test
    void serverAndClientSitOnTheTwoEndsOfTheirOwnLinkAndTheNamespacesGoWithTheServer() throws Exception {
        // The server sends five datagrams to the client's end: its namespace's counters must see exactly those.
        String server = "echo 'QUICPERF READY port=4242'; sleep 0.3; "
                + "for i in 1 2 3 4 5; do echo x > /dev/udp/" + NetnsPair.CLIENT_ADDRESS + "/9; done; sleep 300";
        List<String> names;
        try (RunningServer running = env.start(bash(server), Readiness.READY_LINE, logs)) {
            assertThat(running.host()).isEqualTo(NetnsPair.SERVER_ADDRESS);
            UdpCounters before = running.udpCounters().orElseThrow();
            names = ours();
            assertThat(names).hasSize(2);
            ClientRun client = env.runClient(bash("ip -o -4 addr show dev veth0"), Duration.ofSeconds(5), logs, "client");
            assertThat(client.stdout()).contains(NetnsPair.CLIENT_ADDRESS + "/30");
            Thread.sleep(600);
            assertThat(running.udpCounters().orElseThrow().since(before).outDatagrams()).isEqualTo(5);
        }
        assertThat(ours()).doesNotContainAnyElementsOf(names);
    }

    @Test
    void aClientNeedsARunningServer() {
        assertThatThrownBy(() -> env.runClient(bash("true"), Duration.ofSeconds(1), logs, "c"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("start the server first");
    }

    @Test
    void aServerThatNeverGetsReadyTakesItsNamespacesWithIt() {
        List<String> before = ours();
        assertThatThrownBy(() -> env.start(bash("echo 'no port' >&2; exit 3"), Readiness.READY_LINE, logs))
                .isInstanceOf(ServerStartException.class).hasMessageContaining("no port");
        assertThat(ours()).isEqualTo(before);
    }

    @Test
    void netemShapingSaysWhetherThisKernelHasIt() {
        LinuxNetnsEnvironment wan = LinuxNetnsEnvironment.pinnedDefault(LinkShaping.WAN);
        assertThat(wan.id()).isEqualTo("linux-netns-wan");
        // Either the qdisc works or the reason names it; which one depends on the kernel.
        wan.unavailableBecause().ifPresent(why -> assertThat(why).contains("netem qdisc").contains("tc said"));
    }

    private static List<String> ours() {
        try (var names = Files.list(Path.of("/run/netns"))) {
            return names.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("quicperf-" + ProcessHandle.current().pid() + "-")).sorted().toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }
}
