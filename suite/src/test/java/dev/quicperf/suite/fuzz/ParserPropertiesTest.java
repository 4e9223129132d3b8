package dev.quicperf.suite.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.quicperf.adapter.ClientReport;
import dev.quicperf.adapter.PerfProtocol;
import dev.quicperf.suite.budget.Budget;
import dev.quicperf.suite.budget.BudgetFile;
import dev.quicperf.suite.budget.BudgetFileException;
import dev.quicperf.suite.budget.Expectation;
import dev.quicperf.suite.budget.Metric;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * What we parse from people and from other processes never fails in any other way than with a
 * message: arbitrary budgets text, arbitrary client stdout, arbitrary perf headers.
 */
class ParserPropertiesTest {

    @Property(tries = 500)
    void anyBudgetsTextEitherParsesOrNamesItsLine(@ForAll("yamlish") String text) {
        try {
            List<Budget> budgets = BudgetFile.parse("f.yaml", text, Map.of());
            assertThat(budgets).allSatisfy(b -> assertThat(b.line()).isPositive());
        } catch (BudgetFileException e) {
            assertThat(e.getMessage()).matches("(?s)f\\.yaml:\\d+: .+");
        }
    }

    @Property(tries = 300)
    void wellFormedExpectationsRoundTrip(@ForAll("expectations") String text) {
        Expectation e = Expectation.parse(text, Metric.GOODPUT);
        assertThat(e.text()).isEqualTo(text.strip());
        assertThat(e.canonicalLimit()).isNotNegative();
    }

    @Property(tries = 500)
    void anyClientStdoutIsAReportOrANamedRefusal(@ForAll @Size(max = 300) String stdout) {
        try {
            ClientReport r = ClientReport.parse(stdout);
            assertThat(r.schema()).isEqualTo(ClientReport.SCHEMA);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).containsAnyOf("client", "schema");
        }
    }

    @Property(tries = 500)
    void anyEightByteHeaderIsALengthOrARefusal(@ForAll @Size(value = 8) byte[] header) {
        assertThatCode(() -> {
            try {
                assertThat(PerfProtocol.responseBytes(header)).isNotNegative();
            } catch (IllegalArgumentException refused) {
                assertThat(refused.getMessage()).contains("2^63-1");
            }
        }).doesNotThrowAnyException();
    }

    @Provide
    Arbitrary<String> yamlish() {
        Arbitrary<String> pieces = Arbitraries.of("- ", "where: ", "expect:", "{ ", " }", "implementation: kwik",
                "size: 20MB", "size: x", "goodput: ", "cpu_per_mb: ", "\"mean >= 100 Mbps\"", "\"mean <= 3 ms\"",
                "\"p99 < 1 s\"", "\n", "\n  ", "\n    ", ": ", "[", "]", "'", "\"", "#", "&a", "*a", "!!str", "\t");
        return pieces.list().ofMaxSize(30).map(l -> String.join("", l));
    }

    @Provide
    Arbitrary<String> expectations() {
        return Combinators.combine(
                Arbitraries.of(">=", ">", "<=", "<"),
                Arbitraries.bigDecimals().between(java.math.BigDecimal.ZERO, java.math.BigDecimal.valueOf(1_000_000)).ofScale(3),
                Arbitraries.of("bps", "Kbps", "Mbps", "Gbps"),
                Arbitraries.of(" ", "  ", ""))
                .as((op, n, unit, sp) -> "mean " + op + sp + n.toPlainString() + " " + unit);
    }
}
