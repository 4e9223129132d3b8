package dev.quicperf.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quicperf.adapter.NativeLaunch;
import dev.quicperf.adapter.Readiness;
import dev.quicperf.adapter.cpu.CpuSnapshot;
import dev.quicperf.adapter.cpu.CpuUsage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinuxHostEnvironmentTest {

    private static final Path SH = Path.of("/bin/sh");

    @TempDir
    Path logs;

    private final LinuxHostEnvironment env = new LinuxHostEnvironment("0", "0", Duration.ofSeconds(3));

    private static NativeLaunch sh(String script) {
        return new NativeLaunch(SH, List.of("-c", script), Map.of(), List.of());
    }

    @Test
    void readyServerAnnouncesItsPortAndCloseEndsItsWholeProcessTree() throws Exception {
        List<ProcessHandle> tree;
        try (RunningServer server = env.start(sh("sleep 300 & echo 'QUICPERF READY port=4242'; "
                + "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done; wait"), Readiness.READY_LINE, logs)) {
            assertThat(server.port()).isEqualTo(4242);
            assertThat(server.host()).isEqualTo("127.0.0.1");
            CpuSnapshot before = server.cpu();
            Thread.sleep(300);
            CpuUsage used = server.cpu().since(before);
            assertThat(used.totalNanos()).isPositive();
            tree = ProcessHandle.of(pidOf(server)).orElseThrow().descendants().toList();
            assertThat(tree).isNotEmpty();
        }
        Thread.sleep(200);
        assertThat(tree).noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void silentServerFailsWithItsStderrAndIsKilled() {
        assertThatThrownBy(() -> env.start(sh("echo 'listening soon' >&2; sleep 300"), Readiness.READY_LINE, logs))
                .isInstanceOf(ServerStartException.class)
                .hasMessageContaining("did not announce readiness within 3 s and was killed")
                .hasMessageContaining("listening soon");
        assertThat(ProcessHandle.current().descendants().filter(p -> p.info().command().orElse("").endsWith("sleep")))
                .noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void crashingServerSaysItExited() {
        assertThatThrownBy(() -> env.start(sh("echo 'bind failed' >&2; exit 3"), Readiness.READY_LINE, logs))
                .isInstanceOf(ServerStartException.class)
                .hasMessageContaining("server exited with code 3 before announcing readiness")
                .hasMessageContaining("bind failed");
    }

    @Test
    void clientPastItsDeadlineIsKilledAndMarked() throws Exception {
        ClientRun run = env.runClient(sh("echo '{}'; sleep 300"), Duration.ofMillis(1), logs, "slow");
        assertThat(run.timedOut()).isTrue();
        assertThat(run.stdout()).isEqualTo("{}\n");
    }

    @Test
    void badCpuListIsRejectedWithTheExpectedForm() {
        assertThatThrownBy(() -> new LinuxHostEnvironment("first", "1", Duration.ofSeconds(1)))
                .hasMessageContaining("'first' is not a taskset list");
    }

    @Test
    void clientStderrReachesTheListenerAsItIsWrittenAndStaysInTheLog() throws Exception {
        java.util.List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.List<Long> seenAt = new java.util.concurrent.CopyOnWriteArrayList<>();
        ClientRun run = env.runClient(sh("echo one >&2; sleep 1; echo two >&2; echo '{}'"), Duration.ofSeconds(10),
                logs, "talkative", line -> {
                    lines.add(line);
                    seenAt.add(System.nanoTime());
                });
        assertThat(lines).containsExactly("one", "two");
        // "one" arrived while the client still ran, not after it ended.
        assertThat(seenAt.get(1) - seenAt.get(0)).isGreaterThan(500_000_000L);
        assertThat(java.nio.file.Files.readString(run.stderrLog())).isEqualTo("one\ntwo\n");
        assertThat(run.stdout()).isEqualTo("{}\n");
    }

    @Test
    void clientCoresCountTheTasksetList() {
        assertThat(HostProcesses.cpuCount("1")).isEqualTo(1);
        assertThat(HostProcesses.cpuCount("0-3")).isEqualTo(4);
        assertThat(HostProcesses.cpuCount("1,3-4,7")).isEqualTo(4);
    }

    private static long pidOf(RunningServer server) {
        // The server is taskset exec'ing sh: the only child of this JVM started by this test.
        return ProcessHandle.current().children().filter(p -> p.info().command().orElse("").endsWith("sh"))
                .findFirst().orElseThrow().pid();
    }
}
