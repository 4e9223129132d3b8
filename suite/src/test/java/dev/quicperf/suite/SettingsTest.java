package dev.quicperf.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quicperf.suite.budget.BudgetFile;
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
    void unknownImplementationIdNamesTheKnownOnes() {
        assertThatThrownBy(() -> Implementations.selected("kwik,quiche"))
                .hasMessage("unknown implementation 'quiche' in -Dquicperf.implementations; known: kwik, netty-quic");
        assertThat(Implementations.selected(" netty-quic ")).extracting(i -> i.id()).containsExactly("netty-quic");
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
