package dev.quicperf.quicgo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quicperf.adapter.ClientOptions;
import dev.quicperf.adapter.CpuCategory;
import dev.quicperf.adapter.CpuRules;
import dev.quicperf.adapter.Implementation;
import dev.quicperf.adapter.IoMode;
import dev.quicperf.adapter.NativeLaunch;
import dev.quicperf.adapter.ServerOptions;
import dev.quicperf.adapter.load.LoadOptions;
import dev.quicperf.adapter.load.LoadScenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The adapter as the suite sees it, without running anything. */
class QuicGoImplementationTest {

    private static final String QG = "github.com/lucas-clemente/quic-go";

    @TempDir
    Path dir;

    @Test
    void launchesTheBuiltProgramsWithTheCommonArguments() throws Exception {
        Path bin = fakePrograms("0.29.0\n");
        QuicGoImplementation impl = new QuicGoImplementation(QuicGoBinaries.locate(QuicGoImplementation.class,
                Optional.of(bin.toString())));
        assertThat(impl.unavailableBecause()).isEmpty();
        assertThat(impl.id()).isEqualTo("quic-go");
        assertThat(impl.version()).isEqualTo("0.29.0");
        assertThat(impl.protocols()).containsExactly("perf");

        ServerOptions server = new ServerOptions("127.0.0.1", 0, dir.resolve("cert.pem"), dir.resolve("key.pem"));
        NativeLaunch s = (NativeLaunch) impl.serverLaunch(server);
        assertThat(s.executable()).isEqualTo(bin.resolve("quicperf-quic-go-server"));
        assertThat(s.args()).isEqualTo(server.toArgs());
        assertThat(s.files()).isEqualTo(server.files());

        ClientOptions client = new ClientOptions("127.0.0.1", 4433, 2_000_000, 0, Duration.ofSeconds(60));
        NativeLaunch c = (NativeLaunch) impl.clientLaunch(client);
        assertThat(c.executable()).isEqualTo(bin.resolve("quicperf-quic-go-client"));
        assertThat(c.args()).isEqualTo(client.toArgs());
        assertThat(c.files()).isEmpty();
    }

    @Test
    void aNativeClientNeedsNoWarmupAndTheServerHasOneIoMode() {
        Implementation impl = new QuicGoImplementation();
        assertThat(impl.clientWarmupBytes()).isZero();
        assertThat(impl.ioModes()).containsExactly(IoMode.NIO);
        assertThat(impl.ioModeUnavailable(IoMode.EPOLL_GSO)).isPresent();
        assertThat(impl.reportsPackets()).isTrue();
        assertThat(impl.role()).isEqualTo(Implementation.Role.QUIC_STACK);
    }

    @Test
    void hasNoLoadClientAndSaysSo() {
        Implementation impl = new QuicGoImplementation();
        assertThat(impl.loadClientUnavailable()).hasValueSatisfying(
                why -> assertThat(why).startsWith("quic-go has no load client in quicperf yet: "));
        assertThatThrownBy(() -> impl.loadClientLaunch(new LoadOptions(LoadScenario.RPS, "127.0.0.1", 4433, 16, 1000, 100, 2048, 2,
                Duration.ofSeconds(1))))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessage(impl.loadClientUnavailable().orElseThrow());
    }

    @Test
    void aDirectoryWithoutTheProgramsMakesItUnavailableAndSaysHowToGetThem() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        QuicGoImplementation impl = new QuicGoImplementation(QuicGoBinaries.locate(QuicGoImplementation.class,
                Optional.of(empty.toString())));
        assertThat(impl.unavailableBecause()).hasValueSatisfying(why -> assertThat(why)
                .contains(empty.toString())
                .contains("golang-go")
                .contains("golang-github-lucas-clemente-quic-go-dev")
                .contains("mvn -B install")
                .contains("docs/stacks.md")
                .contains("-Dquicperf.quic-go.bin"));
        assertThat(impl.version()).isEqualTo("unknown");
        // The launches still name where the programs should be, so a broken cell says what is missing.
        NativeLaunch s = (NativeLaunch) impl.serverLaunch(new ServerOptions("127.0.0.1", 0, dir, dir));
        assertThat(s.executable()).isEqualTo(empty.resolve("quicperf-quic-go-server"));
    }

    @Test
    void withoutTheOverrideItFindsThisModulesBuildOrSaysWhyNot() throws Exception {
        QuicGoImplementation impl = new QuicGoImplementation(QuicGoBinaries.locate(QuicGoImplementation.class,
                Optional.empty()));
        Path bin = impl.binaryDirectory();
        assertThat(bin.endsWith(Path.of("target", "quic-go", "bin"))).as("%s is target/quic-go/bin", bin).isTrue();
        if (impl.unavailableBecause().isPresent()) {
            // build-go.sh's reason, or where it looked.
            assertThat(impl.unavailableBecause().get()).containsAnyOf("not built", "no Go toolchain", "sources");
            return;
        }
        assertThat(Files.isExecutable(bin.resolve("quicperf-quic-go-server"))).isTrue();
        // The version is read from what the build found installed, never a literal.
        assertThat(impl.version()).isEqualTo(Files.readString(bin.resolve("quic-go.version")).strip())
                .matches("\\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void theVersionIsTheInstalledPackagesWhenDpkgKnowsIt() throws Exception {
        QuicGoImplementation impl = new QuicGoImplementation();
        Assumptions.assumeTrue(impl.unavailableBecause().isEmpty(), () -> impl.unavailableBecause().orElseThrow());
        Process dpkg;
        try {
            dpkg = new ProcessBuilder("dpkg-query", "-W", "-f", "${Version}", "golang-github-lucas-clemente-quic-go-dev")
                    .redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            Assumptions.abort("no dpkg-query here: " + e.getMessage());
            return;
        }
        String installed = new String(dpkg.getInputStream().readAllBytes()).strip();
        Assumptions.assumeTrue(dpkg.waitFor() == 0, "the quic-go package is not installed: " + installed);
        // Debian's version is upstream-revision (0.29.0-1).
        assertThat(installed).startsWith(impl.version() + "-");
    }

    /** The rules as the breakdown applies them: the first category, in precedence order, any of whose rules finds any frame. */
    private static CpuCategory classify(CpuRules rules, String stack) {
        for (CpuCategory category : CpuCategory.values()) {
            for (Pattern p : rules.patterns(category)) {
                for (String frame : stack.split(";")) {
                    if (p.matcher(frame).find()) {
                        return category;
                    }
                }
            }
        }
        return CpuCategory.REMAINING;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // Packet protection on the send path.
        "tls | runtime.goexit.abi0;" + QG + ".(*connection).run;" + QG + ".(*connection).sendPackets;" + QG
                + ".(*packetPacker).appendPacket;" + QG + "/internal/handshake.(*updatableAEAD).Seal;"
                + "github.com/marten-seemann/qtls-go1-19.(*xorNonceAEAD).Seal;crypto/aes.(*gcmAsm).Seal;crypto/aes.gcmAesEnc.abi0",
        // The handshake's RSA signature, down to big-number arithmetic.
        "tls | runtime.goexit.abi0;" + QG + "/internal/handshake.(*cryptoSetup).RunHandshake.func1;"
                + "github.com/marten-seemann/qtls-go1-19.(*serverHandshakeStateTLS13).sendServerCertificate;"
                + "crypto/rsa.SignPSS;math/big.nat.expNN",
        // A chain that stops at the leaf still finds the crypto.
        "tls | crypto/aes.gcmAesEnc.abi0",
        "tls | golang.org/x/crypto/hkdf.(*hkdf).Read",
        // Received ACKs, loss detection, congestion control, RTT.
        "ack | runtime.goexit.abi0;" + QG + ".(*connection).run;" + QG + ".(*connection).handleAckFrame;" + QG
                + "/internal/ackhandler.(*sentPacketHandler).ReceivedAck;" + QG
                + "/internal/ackhandler.(*sentPacketHandler).detectAndRemoveAckedPackets;runtime.memmove",
        "ack | runtime.goexit.abi0;" + QG + ".(*connection).run;" + QG + "/internal/congestion.(*pacer).Budget",
        "ack | " + QG + "/internal/utils.(*RTTStats).UpdateRTT",
        "ack | " + QG + "/internal/wire.parseAckFrame",
        // One sendmsg per packet, through the net package.
        "sendmsg | runtime.goexit.abi0;" + QG + ".(*sendQueue).Run;" + QG + ".(*sconn).Write;" + QG
                + ".(*oobConn).WritePacket;net.(*UDPConn).WriteMsgUDP;net.(*UDPConn).writeMsg;net.(*netFD).writeMsg;"
                + "internal/poll.(*FD).WriteMsg;syscall.SendmsgN;syscall.sendmsg;syscall.Syscall;"
                + "runtime/internal/syscall.Syscall6",
        // recvmmsg itself is recvmsg() ...
        "recvmsg | runtime.goexit.abi0;" + QG + ".(*packetHandlerMap).listen;" + QG + ".(*oobConn).ReadPacket;"
                + "golang.org/x/net/ipv4.(*payloadHandler).ReadBatch;golang.org/x/net/internal/socket.(*Conn).recvMsgs;"
                + "net.(*rawConn).Read;internal/poll.(*FD).RawRead;golang.org/x/net/internal/socket.(*syscaller).recvmmsgF-fm;"
                + "golang.org/x/net/internal/socket.(*syscaller).recvmmsg;golang.org/x/net/internal/socket.recvmmsg;"
                + "syscall.Syscall6",
        // ... waiting for the next datagram is the scheduler's.
        "runtime | runtime.goexit.abi0;" + QG + ".(*packetHandlerMap).listen;" + QG + ".(*oobConn).ReadPacket;"
                + "golang.org/x/net/ipv4.(*payloadHandler).ReadBatch;golang.org/x/net/internal/socket.(*Conn).recvMsgs;"
                + "net.(*rawConn).Read;internal/poll.(*FD).RawRead;internal/poll.(*pollDesc).waitRead;"
                + "internal/poll.runtime_pollWait;runtime.netpollblock;runtime.gopark;runtime.mcall;runtime.park_m;"
                + "runtime.schedule;runtime.findRunnable;runtime.netpoll;runtime.epollwait.abi0",
        // GC, allocation, the system monitor.
        "runtime | runtime.goexit.abi0;runtime.gcBgMarkWorker;runtime.systemstack.abi0;runtime.gcBgMarkWorker.func2;"
                + "runtime.gcDrain;runtime.scanobject",
        "runtime | runtime.goexit.abi0;" + QG + ".(*connection).run;" + QG + ".(*packetPacker).PackPacket;"
                + "runtime.newobject;runtime.mallocgc",
        "runtime | runtime.mstart.abi0;runtime.mstart0;runtime.mstart1;runtime.sysmon;runtime.usleep.abi0",
        "runtime | runtime.goexit.abi0;runtime.bgsweep;runtime.sweepone;runtime.(*sweepLocked).sweep",
        // QUIC's own packet building and stream handling, and the runtime helpers doing its work.
        "remaining | runtime.goexit.abi0;" + QG + ".(*connection).run;" + QG + ".(*packetPacker).PackPacket;" + QG
                + ".(*framerI).AppendStreamFrames;" + QG + ".(*sendStream).popStreamFrame;runtime.memmove",
        "remaining | runtime.goexit.abi0;" + QG + ".(*connection).run;runtime.selectgo",
        "remaining | runtime.main;main.main;time.Now;runtime.nanotime1",
        "remaining | runtime.goexit.abi0;main.(*server).serve;dev.quicperf/quicgo/perf.WritePattern;" + QG
                + ".(*sendStream).Write;sync.(*Mutex).Lock"})
    void frameRulesPutGoStacksWhereTheStudyCountsThem(String category, String stack) {
        CpuRules rules = new QuicGoImplementation().cpuRules();
        assertThat(classify(rules, stack.strip())).isEqualTo(CpuCategory.byId(category.strip()).orElseThrow());
    }

    @Test
    void noRuleClaimsTheFramesUnderEveryGoroutine() {
        CpuRules rules = new QuicGoImplementation().cpuRules();
        for (String frame : List.of("runtime.goexit.abi0", "runtime.goexit", "runtime.main", "runtime.systemstack.abi0",
                "runtime.memmove", "runtime.mapaccess2_fast64", "runtime.chanrecv", "main.main")) {
            assertThat(classify(rules, frame)).as(frame).isEqualTo(CpuCategory.REMAINING);
        }
    }

    private Path fakePrograms(String version) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String name : List.of("quicperf-quic-go-server", "quicperf-quic-go-client")) {
            Path p = Files.writeString(bin.resolve(name), "#!/bin/sh\nexit 0\n");
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.writeString(bin.resolve("quic-go.version"), version);
        return bin;
    }
}
