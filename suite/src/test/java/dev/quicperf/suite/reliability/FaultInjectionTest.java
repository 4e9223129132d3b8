package dev.quicperf.suite.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quicperf.adapter.Implementation;
import dev.quicperf.adapter.Launch;
import dev.quicperf.adapter.ServerOptions;
import dev.quicperf.environment.LinuxHostEnvironment;
import dev.quicperf.environment.ServerStartException;
import dev.quicperf.nettyquic.NettyQuicImplementation;
import dev.quicperf.suite.ByteSize;
import dev.quicperf.suite.Profile;
import dev.quicperf.suite.SuiteSettings;
import dev.quicperf.suite.TemporaryCertificate;
import dev.quicperf.suite.goodput.CellJournal;
import dev.quicperf.suite.goodput.GoodputCell;
import dev.quicperf.suite.goodput.GoodputResult;
import dev.quicperf.suite.goodput.GoodputRunner;
import io.qameta.allure.Allure;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Misbehaving servers and clients, with real processes: each fault must end its cell as broken
 * with a message that says what happened, keep the logs, leave nothing running, and let the
 * next cell run normally.
 */
class FaultInjectionTest {

    private static final Implementation NETTY = new NettyQuicImplementation();
    private static final LinuxHostEnvironment ENV = new LinuxHostEnvironment("0",
            Runtime.getRuntime().availableProcessors() > 1 ? "1" : "0", Duration.ofSeconds(5));
    // Two measured runs, clients give up after 8 s: a fault costs seconds, not minutes.
    private static final Profile FAULT = new Profile("fault", List.of(), 0, 2, 0, Duration.ofSeconds(8), java.util.Map.of(), 0, 0, false, List.of());

    private Path cellDir;

    @BeforeEach
    void label(TestInfo test) {
        Allure.epic("reliability");
        Allure.feature("fault injection");
        cellDir = SuiteSettings.fromSystemProperties().workDir().resolve("fault-" + test.getTestMethod().orElseThrow().getName());
    }

    @AfterEach
    void nothingOfTheCellIsLeftRunning() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (ProcessHandle.current().descendants().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .map(p -> p.info().commandLine().orElse("?")).toList()).as("processes left behind").isEmpty();
    }

    private GoodputResult run(Implementation impl, String size) throws Exception {
        return new GoodputRunner(FAULT).run(new GoodputCell(impl, ENV, ByteSize.parse(size)), cellDir);
    }

    @Test
    void serverThatExitsBeforeReadyBreaksTheCellWithItsExitCodeAndStderr() throws Exception {
        GoodputResult r = run(FaultyImplementation.serverScript(NETTY, "echo 'cannot load libquiche' >&2; exit 7"), "2KB");
        assertThat(r.broken()).hasValueSatisfying(why -> assertThat(why)
                .contains("server exited with code 7 before announcing readiness", "cannot load libquiche"));
        assertThat(cellDir.resolve("server.stderr.log")).content().contains("cannot load libquiche");
    }

    @Test
    void serverThatNeverGetsReadyCostsItsReadinessTimeoutAndIsKilled() throws Exception {
        long start = System.nanoTime();
        GoodputResult r = run(FaultyImplementation.serverScript(NETTY, "echo binding >&2; exec sleep 600"), "2KB");
        assertThat(r.broken()).hasValueSatisfying(why -> assertThat(why)
                .contains("did not announce readiness within 5 s and was killed", "binding"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void serverKilledMidTransferBreaksTheCellAndKeepsItsLogs() throws Exception {
        GoodputResult r = withServerSignalledMidTransfer(ProcessHandle::destroyForcibly);
        assertThat(r.broken()).hasValueSatisfying(why -> assertThat(why).contains("server exited during run 1"));
        assertThat(cellDir.resolve("server.stderr.log")).exists();
        assertThat(cellDir.resolve("run-01.stderr.log")).exists();
    }

    @Test
    void serverFrozenMidStreamCostsTheClientTimeoutAndIsKilled() throws Exception {
        GoodputResult r = withServerSignalledMidTransfer(server -> signal("STOP", server.pid()));
        assertThat(r.broken()).hasValueSatisfying(why -> assertThat(why).contains("run 1"));
        assertThat(r.runs()).isEmpty();
    }

    @Test
    void clientThatCrashesBreaksTheCellWithItsExitCode() throws Exception {
        GoodputResult r = run(FaultyImplementation.clientScript(NETTY, "echo 'SIGSEGV in verifier' >&2; kill -SEGV $$"), "2KB");
        assertThat(r.broken()).hasValueSatisfying(why -> assertThat(why)
                .contains("run 1", "client printed nothing on stdout", "exit code 139", "SIGSEGV in verifier"));
    }

    @Test
    void clientThatPrintsGarbageBreaksTheCellNamingWhatItPrinted() throws Exception {
        GoodputResult r = run(FaultyImplementation.clientScript(NETTY, "echo 'WARNING: insecure'; echo '{'"), "2KB");
        assertThat(r.broken()).hasValueSatisfying(why -> assertThat(why)
                .contains("not a ClientReport JSON object", "WARNING: insecure"));
    }

    @Test
    void missingServerProgramSaysWhatToInstall() throws Exception {
        GoodputResult r = run(FaultyImplementation.serverProgram(NETTY, Path.of("/nonexistent/bin/ngtcp2-server")), "2KB");
        assertThat(r.broken()).hasValueSatisfying(why -> assertThat(why)
                .contains("/nonexistent/bin/ngtcp2-server is not an executable file", "install"));
    }

    @Test
    void portAlreadyInUseStopsTheServerWithTheReason() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             TemporaryCertificate cert = new TemporaryCertificate()) {
            ServerOptions options = new ServerOptions("127.0.0.1", taken.getLocalPort(), cert.certificate(), cert.privateKey());
            Launch launch = NETTY.serverLaunch(options);
            assertThatThrownBy(() -> ENV.start(launch, NETTY.readiness(launch), cellDir).close())
                    .isInstanceOf(ServerStartException.class)
                    .hasMessageContaining("before announcing readiness")
                    .hasMessageContaining("in use");
        }
    }

    @Test
    void afterAFaultTheNextCellRunsNormally() throws Exception {
        run(FaultyImplementation.clientScript(NETTY, "exit 3"), "2KB");
        cellDir = cellDir.resolveSibling(cellDir.getFileName() + "-next");
        GoodputResult r = run(NETTY, "2KB");
        assertThat(r.broken()).isEmpty();
        assertThat(r.measured()).hasSize(2);
        assertThat(Files.readString(cellDir.resolve(CellJournal.FILE))).contains("\"partial\" : true");
    }

    /** Runs one 2 GB download and applies {@code fault} to the server once the transfer is under way. */
    private GoodputResult withServerSignalledMidTransfer(Consumer<ProcessHandle> fault) throws Exception {
        Thread saboteur = new Thread(() -> {
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (System.nanoTime() < deadline) {
                    if (Files.exists(cellDir.resolve("run-01.stderr.log"))) {
                        // The client JVM is up; give it time to connect and start receiving.
                        Thread.sleep(1500);
                        ProcessHandle.current().descendants()
                                .filter(p -> p.info().commandLine().orElse("").contains("NettyQuicPerfServer"))
                                .forEach(fault);
                        return;
                    }
                    Thread.sleep(20);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Files.createDirectories(cellDir);
        saboteur.start();
        try {
            // The client notices the dead or frozen server by its QUIC idle timeout: 3 s here, not 30.
            return run(FaultyImplementation.clientFlags(NETTY, List.of("-Dquicperf.nettyquic.idleTimeoutMillis=3000")),
                    "2GB");
        } finally {
            saboteur.join();
        }
    }

    private static void signal(String name, long pid) {
        try {
            new ProcessBuilder("kill", "-" + name, Long.toString(pid)).start().waitFor();
        } catch (Exception e) {
            throw new IllegalStateException("cannot send SIG" + name + " to " + pid, e);
        }
    }
}
