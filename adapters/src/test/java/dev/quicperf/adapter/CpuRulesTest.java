package dev.quicperf.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CpuRulesTest {

    @Test
    void readsRulesInOrderSkippingCommentsAndBlankLines() {
        CpuRules rules = CpuRules.parse("""
                # a comment
                tls ^aes_

                ack on_ack_received
                tls bssl::
                """, "x.txt");
        assertThat(rules.rules()).extracting(CpuRules.CpuRule::origin).containsExactly("x.txt:2", "x.txt:4", "x.txt:5");
        assertThat(rules.patterns(CpuCategory.TLS)).extracting(java.util.regex.Pattern::pattern)
                .containsExactly("^aes_", "bssl::");
    }

    @Test
    void anUnknownCategoryNamesTheLineAndTheChoices() {
        assertThatThrownBy(() -> CpuRules.parse("tls ^a\ncrypto ^b\n", "x.txt"))
                .hasMessageContaining("x.txt:2").hasMessageContaining("unknown category 'crypto'")
                .hasMessageContaining("softirq, sendmsg, recvmsg, tls, ack, runtime");
    }

    @Test
    void aBadRegexNamesTheLine() {
        assertThatThrownBy(() -> CpuRules.parse("ack (unclosed\n", "x.txt"))
                .hasMessageContaining("x.txt:1").hasMessageContaining("bad regular expression");
    }

    @Test
    void remainingTakesNoRules() {
        assertThatThrownBy(() -> CpuRules.parse("remaining .*\n", "x.txt")).hasMessageContaining("takes no rules");
    }
}
