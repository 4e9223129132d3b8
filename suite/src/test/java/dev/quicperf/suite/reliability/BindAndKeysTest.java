package dev.quicperf.suite.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicperf.adapter.Implementation;
import dev.quicperf.adapter.Launch;
import dev.quicperf.adapter.ServerOptions;
import dev.quicperf.environment.LinuxHostEnvironment;
import dev.quicperf.environment.RunningServer;
import dev.quicperf.suite.Implementations;
import dev.quicperf.suite.SuiteSettings;
import dev.quicperf.suite.TemporaryCertificate;
import io.qameta.allure.Allure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Servers bind loopback only; keys live in a 0700 directory that is gone after the run. */
class BindAndKeysTest {

    private static final LinuxHostEnvironment ENV = LinuxHostEnvironment.pinnedDefault();

    static List<Named<Implementation>> implementations() {
        return Implementations.all().stream().map(i -> Named.of(i.id(), i)).toList();
    }

    private static RunningServer start(Implementation impl, TemporaryCertificate cert, Path dir) throws Exception {
        Assumptions.assumeTrue(impl.unavailableBecause().isEmpty(),
                () -> impl.id() + " cannot run here: " + impl.unavailableBecause().orElse(""));
        Launch launch = impl.serverLaunch(new ServerOptions(ENV.serverHost(), 0, cert.certificate(), cert.privateKey()));
        return ENV.start(launch, impl.readiness(launch), dir);
    }

    @ParameterizedTest(name = "{0} server binds 127.0.0.1 only, never a wildcard address")
    @MethodSource("implementations")
    void serverBindsLoopbackOnly(Implementation impl) throws Exception {
        Allure.epic("reliability");
        Allure.feature("security");
        Path dir = SuiteSettings.fromSystemProperties().workDir().resolve("bind-" + impl.id());
        try (TemporaryCertificate cert = new TemporaryCertificate();
             RunningServer server = start(impl, cert, dir)) {
            long pid = server.hostPid().orElseThrow();
            List<String> sockets = socketsOf(pid);
            // 127.0.0.1 as /proc/net/udp writes it, or as an IPv4-mapped address on a dual-stack socket.
            String port = String.format(":%04X", server.port());
            assertThat(sockets).as("UDP and TCP sockets of the %s server", impl.id()).isNotEmpty()
                    .allMatch(local -> local.equals("0100007F" + port)
                            || local.equals("0000000000000000FFFF00000100007F" + port), "bound to 127.0.0.1:" + server.port());
        }
    }

    @Test
    void keysLiveInAPrivateDirectoryThatIsDeletedOnClose() throws Exception {
        Path dir;
        try (TemporaryCertificate cert = new TemporaryCertificate()) {
            dir = cert.directory();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cert.privateKey()))).isEqualTo("rw-------");
        }
        assertThat(dir).doesNotExist();
    }

    /**
     * Local addresses (hex ip:port as /proc/net/udp writes them) of every UDP socket and every
     * listening TCP socket the process holds (the TCP+TLS reference row listens on TCP).
     */
    private static List<String> socketsOf(long pid) throws Exception {
        List<String> inodes = new ArrayList<>();
        try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                String target = Files.readSymbolicLink(fd).toString();
                if (target.startsWith("socket:[")) {
                    inodes.add(target.substring(8, target.length() - 1));
                }
            }
        }
        List<String> locals = new ArrayList<>();
        for (String table : List.of("udp", "udp6", "tcp", "tcp6")) {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "net", table))) {
                String[] f = line.trim().split("\\s+");
                boolean listening = table.startsWith("udp") || (f.length > 3 && f[3].equals("0A"));
                if (f.length > 9 && inodes.contains(f[9]) && listening) {
                    // IPv6 sockets would show their address here; a wildcard is all zeros.
                    locals.add(f[1]);
                }
            }
        }
        return locals;
    }
}
