package dev.quicperf.suite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicperf.adapter.ClientOptions;
import dev.quicperf.adapter.ClientReport;
import dev.quicperf.adapter.Implementation;
import dev.quicperf.adapter.Launch;
import dev.quicperf.adapter.ServerOptions;
import dev.quicperf.environment.ClientRun;
import dev.quicperf.environment.LinuxHostEnvironment;
import dev.quicperf.environment.Logs;
import dev.quicperf.environment.RunningServer;
import dev.quicperf.report.Attachments;
import io.qameta.allure.Allure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every client against every other implementation's server that speaks one of its protocols
 * (perf, between our own stacks): proves the adapters speak one protocol, so a cell's number is
 * about the stack, not a dialect.
 */
@Order(5)
class InteropTest {

    private static final long UPLOAD = 100_000;
    private static final long DOWNLOAD = 2_000_000;
    private static final LinuxHostEnvironment ENV = LinuxHostEnvironment.pinnedDefault();

    static List<Arguments> pairs() {
        List<Arguments> pairs = new ArrayList<>();
        for (Implementation client : Implementations.all()) {
            for (Implementation server : Implementations.all()) {
                boolean common = client.protocols().stream().anyMatch(server.protocols()::contains);
                if (!client.id().equals(server.id()) && common) {
                    pairs.add(Arguments.of(Named.of(client.id(), client), Named.of(server.id(), server)));
                }
            }
        }
        return pairs;
    }

    private static RunningServer start(LinuxHostEnvironment env, Implementation server, TemporaryCertificate cert,
            Path dir) throws Exception {
        Launch launch = server.serverLaunch(new ServerOptions(env.serverHost(), 0, cert.certificate(), cert.privateKey()));
        return env.start(launch, server.readiness(launch), dir);
    }

    @ParameterizedTest(name = "{0} client downloads from {1} server")
    @MethodSource("pairs")
    void clientUploadsAndDownloadsVerifiedBytesFromAnotherStacksServer(Implementation client, Implementation server)
            throws Exception {
        Allure.getLifecycle().updateTestCase(t -> t.setName("interop: " + client.id() + " client, " + server.id() + " server"));
        Allure.epic("interop");
        Allure.feature(server.id());
        Allure.story(LinuxHostEnvironment.ID);
        for (Implementation impl : List.of(client, server)) {
            Assumptions.assumeTrue(impl.unavailableBecause().isEmpty(),
                    () -> impl.id() + " cannot run here: " + impl.unavailableBecause().orElse(""));
        }
        LinuxHostEnvironment env = ENV;
        Path dir = SuiteSettings.fromSystemProperties().workDir().resolve("interop-" + client.id() + "-to-" + server.id());
        try (TemporaryCertificate cert = new TemporaryCertificate();
             RunningServer running = start(env, server, cert, dir)) {
            Duration timeout = Duration.ofSeconds(60);
            ClientRun run = env.runClient(client.clientLaunch(new ClientOptions(running.host(), running.port(),
                    DOWNLOAD, UPLOAD, timeout)), timeout, dir, "client");
            Attachments.text("client stdout", run.stdout());
            Attachments.file("client stderr", run.stderrLog());
            Attachments.file("server stderr", running.stderrLog());
            ClientReport report = ClientReport.parse(run.stdout());
            assertThat(report.ok()).as("client report ok; error: %s; client stderr:%n%s", report.error(),
                    Logs.tail(run.stderrLog(), 20)).isTrue();
            assertThat(report.implementation()).isEqualTo(client.id());
            assertThat(report.bytesVerified()).isEqualTo(DOWNLOAD);
            assertThat(report.bytesReceived()).isEqualTo(DOWNLOAD);
            assertThat(report.bytesUploaded()).isEqualTo(UPLOAD);
            assertThat(run.exitCode()).isZero();
        }
    }
}
