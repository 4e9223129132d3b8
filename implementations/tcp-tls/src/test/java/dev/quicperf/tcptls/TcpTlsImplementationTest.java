package dev.quicperf.tcptls;

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

class TcpTlsImplementationTest {

    private final TcpTlsImplementation tcpTls = new TcpTlsImplementation();

    @Test
    void isTheTcpTlsReferenceRowAndNeverPairsWithQuicClients() {
        assertThat(tcpTls.id()).isEqualTo("tcp-tls");
        assertThat(tcpTls.version()).isEqualTo("TLS 1.3 AES-128-GCM, JDK " + System.getProperty("java.version"));
        assertThat(tcpTls.protocols()).containsExactly("perf-tcp");
        assertThat(tcpTls.role()).isEqualTo(Role.TCP_TLS_REFERENCE);
        assertThat(tcpTls.reportsPackets()).isFalse();
        assertThat(tcpTls.unavailableBecause()).isEmpty();
        assertThat(tcpTls.clientWarmupBytes()).isPositive();
    }

    @Test
    void hasNoLoadClientAndSaysSo() {
        assertThat(tcpTls.loadClientUnavailable()).hasValueSatisfying(reason -> assertThat(reason).contains("no load client"));
        LoadOptions options = new LoadOptions(LoadScenario.RPS, "127.0.0.1", 4433, 16, 1000, 100, 2048, 2,
                Duration.ofMinutes(1));
        assertThatThrownBy(() -> tcpTls.loadClientLaunch(options)).hasMessageContaining("no load client");
    }

    @Test
    void serverLaunchRunsOurServerWithItsOwnClasspathAndSerialGc() {
        ServerOptions options = new ServerOptions("127.0.0.1", 0, Path.of("/run/cert.pem"), Path.of("/run/key.pem"));
        JvmLaunch launch = (JvmLaunch) tcpTls.serverLaunch(options);
        assertThat(launch.mainClass()).isEqualTo(TcpTlsPerfServer.class.getName());
        assertThat(launch.jvmFlags()).contains("-Xmx512m", "-XX:+UseSerialGC");
        assertThat(launch.args()).isEqualTo(options.toArgs());
        assertThat(launch.files()).isEqualTo(options.files());
        assertThat(launch.environment()).isEmpty();
        assertThat(launch.classpath()).noneMatch(p -> p.toString().contains("kwik") || p.toString().contains("netty"));
    }

    @Test
    void clientLaunchCannotBufferALargeResponse() {
        ClientOptions options = new ClientOptions("127.0.0.1", 4433, 2_000_000_000L, 0, Duration.ofSeconds(30), 1000);
        JvmLaunch launch = (JvmLaunch) tcpTls.clientLaunch(options);
        assertThat(launch.mainClass()).isEqualTo(TcpTlsPerfClient.class.getName());
        assertThat(launch.jvmFlags()).contains("-Xmx256m", "-XX:+UseSerialGC");
        assertThat(launch.args()).isEqualTo(options.toArgs());
        assertThat(launch.files()).isEmpty();
    }

    @Test
    void cpuRulesPutTheJdksTlsAndTcpCallsInTheirCategories() {
        CpuRules rules = tcpTls.cpuRules();
        assertMatches(rules.patterns(CpuCategory.TLS), "sun/security/ssl/SSLSocketOutputRecord.deliver",
                "com/sun/crypto/provider/GaloisCounterMode$GCMEncrypt.doFinal", "com.sun.crypto.provider.AESCrypt.implEncryptBlock",
                "com/sun/crypto/provider/GHASH.processBlocks", "javax/crypto/Cipher.doFinal",
                "StubRoutines::galoisCounterMode_AESCrypt", "aescrypt_encryptBlock", "ghash_processBlocks_wide");
        assertNoMatch(rules.patterns(CpuCategory.TLS), "sun/nio/ch/NioSocketImpl.write", "java/net/Socket$SocketOutputStream.write");
        assertMatches(rules.patterns(CpuCategory.SENDMSG), "java/net/Socket$SocketOutputStream.write",
                "sun/nio/ch/NioSocketImpl.write", "sun.nio.ch.NioSocketImpl$2.write", "sun/nio/ch/SocketDispatcher.write",
                "sun/nio/ch/SocketChannelImpl.write", "tcp_sendmsg_[k]", "tcp_sendmsg_locked_[k]", "tcp_write_xmit_[k]");
        assertMatches(rules.patterns(CpuCategory.RECVMSG), "java/net/Socket$SocketInputStream.read",
                "sun/nio/ch/NioSocketImpl.implRead", "sun/nio/ch/SocketDispatcher.read0",
                "Java_sun_nio_ch_SocketDispatcher_read0", "tcp_recvmsg_[k]", "sock_read_iter_[k]");
        assertNoMatch(rules.patterns(CpuCategory.SENDMSG), "sun/nio/ch/NioSocketImpl.read", "tcp_recvmsg_[k]",
                "sun/nio/ch/NioSocketImpl.writeSomething");
        assertThat(rules.patterns(CpuCategory.ACK)).isEmpty();
        assertThat(rules.rules()).allMatch(r -> r.origin().startsWith("dev/quicperf/tcptls/cpu-rules.txt:"));
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
