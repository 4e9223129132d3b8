package dev.quicperf.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quicperf.adapter.CpuCategory;
import dev.quicperf.adapter.Readiness;
import dev.quicperf.external.StackDescriptor.Content;
import dev.quicperf.external.StackDescriptor.DownloadReport;
import dev.quicperf.external.StackDescriptor.RegexReport;
import java.util.List;
import org.junit.jupiter.api.Test;

class DescriptorReaderTest {

    static final String GOOD = """
            id: demo
            install: build it
            version: { command: [demo, --version], regex: 'demo (\\S+)' }
            protocols: [h3]
            server:
              executable: demo-server
              argv: ['${host}', '${port}', '${key}', '${cert}']
              port: given
              ready: { stream: stderr, line: '^listening' }
            client:
              executable: demo-client
              argv: ['--out=${downloads}', 'https://${host}:${port}/${bytes}']
              report: { download: '${bytes}', content: zeros }
            cpu: |
              tls democrypt_
              ack demo_ack
            """;

    @Test
    void readsEveryPartOfAGoodDescriptor() {
        StackDescriptor d = DescriptorReader.read(GOOD, "demo.yaml");
        assertThat(d.id()).isEqualTo("demo");
        assertThat(d.protocols()).containsExactly("h3");
        assertThat(d.server().portGiven()).isTrue();
        assertThat(d.server().readyStream()).isEqualTo(Readiness.Stream.STDERR);
        assertThat(d.server().packetStats()).isFalse();
        assertThat(d.client().report()).isEqualTo(new DownloadReport("${bytes}", Content.ZEROS));
        assertThat(d.cpuRules().patterns(CpuCategory.TLS)).hasSize(1);
        assertThat(d.cpuRules().patterns(CpuCategory.ACK)).hasSize(1);
    }

    @Test
    void theShippedDescriptorsAllRead() {
        assertThat(ExternalStacks.shipped()).extracting(ExternalImplementation::id)
                .containsExactly("ngtcp2", "picoquic", "quicly", "msquic");
        assertThat(ExternalStacks.shipped().get(3).descriptor().client().report()).isInstanceOf(RegexReport.class);
    }

    @Test
    void anUnknownKeyIsNamedWithItsLine() {
        assertThatThrownBy(() -> DescriptorReader.read(GOOD.replace("  port: given", "  prot: given"), "demo.yaml"))
                .isInstanceOf(DescriptorException.class)
                .hasMessageContaining("demo.yaml:8: unknown key 'prot' in server");
    }

    @Test
    void aPlaceholderTheArgvCannotHaveIsNamed() {
        assertThatThrownBy(() -> DescriptorReader.read(GOOD.replace("'${key}'", "'${bytes}'"), "demo.yaml"))
                .isInstanceOf(DescriptorException.class)
                .hasMessageContaining("demo.yaml:7: server.argv uses ${bytes}; known here: [cert, host, key, port]");
    }

    @Test
    void aGivenPortNeedsAPlaceholderAndAnAnnouncedOneAGroup() {
        assertThatThrownBy(() -> DescriptorReader.read(GOOD.replace("'${port}', '${key}'", "'${key}'"), "demo.yaml"))
                .hasMessageContaining("server.port is 'given' but server.argv has no ${port}");
        assertThatThrownBy(() -> DescriptorReader.read(GOOD.replace("port: given", "port: announced"), "demo.yaml"))
                .hasMessageContaining("demo.yaml:9: server.ready.line needs a capturing group");
    }

    @Test
    void aDownloadReportNeedsTheDownloadDirectoryInTheArgv() {
        assertThatThrownBy(() -> DescriptorReader.read(GOOD.replace("'--out=${downloads}', ", ""), "demo.yaml"))
                .hasMessageContaining("client.report is a download but client.argv never passes ${downloads}");
    }

    @Test
    void badCpuRulesAndBadYamlAreNamed() {
        assertThatThrownBy(() -> DescriptorReader.read(GOOD.replace("ack demo_ack", "acks demo_ack"), "demo.yaml"))
                .hasMessageContaining("demo.yaml (cpu")
                .hasMessageContaining("unknown category 'acks'");
        assertThatThrownBy(() -> DescriptorReader.read("id: [", "demo.yaml")).hasMessageContaining("demo.yaml: not valid YAML");
        assertThatThrownBy(() -> DescriptorReader.read("id: Demo\n", "demo.yaml")).hasMessageContaining("demo.yaml:1: the descriptor lacks '");
    }

    @Test
    void aMissingBinaryMakesTheStackUnavailableWithTheFix() {
        StackDescriptor d = DescriptorReader.read(GOOD.replace("demo-server", "${env:DEMO_DIR}/demo-server"), "demo.yaml");
        ExternalImplementation impl = new ExternalImplementation(d, java.util.Map.of("PATH", "/nonexistent"));
        assertThat(impl.unavailableBecause()).hasValueSatisfying(why -> assertThat(why)
                .contains("server: set DEMO_DIR").contains("client: demo-client is not on PATH").contains("To get it: build it"));
        assertThat(impl.version()).startsWith("unknown (");
        assertThat(impl.loadClientUnavailable()).isPresent();
        assertThat(Template.names("x${a}y${env:B}")).isEqualTo(new java.util.LinkedHashSet<>(List.of("a", "env:B")));
    }
}
