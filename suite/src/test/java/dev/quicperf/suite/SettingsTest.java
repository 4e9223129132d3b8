package dev.quicperf.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quicperf.adapter.load.LoadScenario;
import dev.quicperf.suite.budget.BudgetFile;
import dev.quicperf.suite.load.LoadPlan;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Typos in what a person passes on the command line stop the run with what to write instead. */
class SettingsTest {

    @Test
    void profileTypoNamesTheChoices() {
        assertThatThrownBy(() -> Profile.named("smok"))
                .hasMessage("unknown profile 'smok' in -Dquicperf.profile; expected smoke (the default) or thesis");
        assertThat(Profile.named("").name()).isEqualTo("smoke");
        assertThat(Profile.named("thesis").measuredRuns()).isEqualTo(30);
    }

    @Test
    void thesisProfileRunsTheStudysExperiments() {
        Profile thesis = Profile.named("thesis");
        // Goodput: 2 KB .. 2 GB, 33 runs with the first 3 discarded.
        assertThat(thesis.goodputSizes()).containsExactly(2_000L, 2_000_000L, 20_000_000L, 200_000_000L, 2_000_000_000L);
        assertThat(thesis.warmupRuns()).isEqualTo(3);
        assertThat(thesis.measuredRuns()).isEqualTo(30);
        // Response time: 144 clients, 100,000 requests for a 1-byte file, a new connection each.
        LoadPlan responseTime = thesis.loadPlan(LoadScenario.RESPONSE_TIME);
        assertThat(responseTime.connections()).isEqualTo(144);
        assertThat(responseTime.requests()).isEqualTo(100_000);
        assertThat(responseTime.responseBytes()).isEqualTo(1);
        // RPS: 144 concurrent connections, 100,000 requests for a 2 KB file.
        LoadPlan rps = thesis.loadPlan(LoadScenario.RPS);
        assertThat(rps.connections()).isEqualTo(144);
        assertThat(rps.requests()).isEqualTo(100_000);
        assertThat(rps.responseBytes()).isEqualTo(2_000);
        assertThat(LoadScenario.RESPONSE_TIME.newConnectionPerRequest()).isTrue();
        assertThat(LoadScenario.RPS.newConnectionPerRequest()).isFalse();
    }

    @Test
    void unknownScenarioNamesTheKnownOnes() {
        assertThatThrownBy(() -> Scenarios.selected("rps,latency"))
                .hasMessage("unknown scenario 'latency' in -Dquicperf.scenarios; known: goodput, response-time, rps, handshakes");
        assertThat(Scenarios.selected(" rps ")).containsExactly("rps");
    }

    @Test
    void unknownImplementationIdNamesTheKnownOnes() {
        assertThatThrownBy(() -> Implementations.selected("kwik,quiche"))
                .hasMessage("unknown implementation 'quiche' in -Dquicperf.implementations; known: kwik, netty-quic, quic-go, tcp-tls, udp-ceiling, ngtcp2, picoquic, quicly, msquic");
        assertThat(Implementations.selected(" netty-quic ")).extracting(i -> i.id()).containsExactly("netty-quic");
    }

    @Test
    void unknownEnvironmentIdNamesTheKnownOnesAndTheTbfLinkIsOptIn() {
        assertThatThrownBy(() -> Environments.selected("linux,osv"))
                .hasMessage("unknown environment 'osv' in -Dquicperf.environments; known: linux, linux-netns,"
                        + " linux-netns-lan, linux-netns-wan, linux-netns-lossy, linux-netns-1gbit, container");
        assertThat(Environments.selected("")).extracting(e -> e.id()).contains("linux", "linux-netns", "container")
                .doesNotContain("linux-netns-1gbit");
        assertThat(Environments.selected(" linux-netns-1gbit ")).extracting(e -> e.id())
                .containsExactly("linux-netns-1gbit");
    }

    @Test
    void unknownEnvironmentInABudgetSelectorIsRejectedWithItsLine() {
        assertThatThrownBy(() -> BudgetFile.parse("b.yaml", "- where: { environment: osv }\n  expect:\n    goodput: \"mean >= 1 Mbps\"\n",
                Map.of("environment", List.of("linux"))))
                .hasMessage("b.yaml:1: unknown environment 'osv'; expected one of linux");
    }

    @Test
    void nonBooleanStrictFlagIsRejected() {
        String before = System.getProperty(SuiteSettings.STRICT);
        System.setProperty(SuiteSettings.STRICT, "yes");
        try {
            assertThatThrownBy(SuiteSettings::fromSystemProperties)
                    .hasMessage("-Dquicperf.strict=yes is not a boolean; use true or false");
        } finally {
            if (before == null) {
                System.clearProperty(SuiteSettings.STRICT);
            } else {
                System.setProperty(SuiteSettings.STRICT, before);
            }
        }
    }
}
