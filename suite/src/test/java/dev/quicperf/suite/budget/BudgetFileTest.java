package dev.quicperf.suite.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BudgetFileTest {

    private static final Map<String, Collection<String>> KNOWN = Map.of(
            "scenario", List.of("goodput", "rps", "response-time", "handshakes"),
            "implementation", List.of("kwik", "netty-quic"),
            "environment", List.of("linux"));

    private static List<Budget> parse(String yaml) {
        return BudgetFile.parse("b.yaml", yaml, KNOWN);
    }

    @Test
    void readsSelectorsMetricsAndLines() {
        List<Budget> budgets = parse("""
                # comment
                - where: { scenario: goodput, implementation: kwik, size: 20MB }
                  expect:
                    goodput: "mean >= 1.5 Gbps"
                    cpu_per_mb: "mean <= 800 us"
                """);
        assertThat(budgets).hasSize(2);
        Budget goodput = budgets.get(0);
        assertThat(goodput.metric()).isEqualTo(Metric.GOODPUT);
        assertThat(goodput.expectation().canonicalLimit()).isEqualTo(1500.0);
        assertThat(goodput.location()).isEqualTo("b.yaml:4");
        assertThat(goodput.selector().matches(Map.of("scenario", "goodput", "implementation", "kwik",
                "environment", "linux", "size", "20MB"))).isTrue();
        assertThat(goodput.selector().matches(Map.of("scenario", "goodput", "implementation", "netty-quic",
                "environment", "linux", "size", "20MB"))).isFalse();
        assertThat(budgets.get(1).expectation().canonicalLimit()).isEqualTo(0.8);
        assertThat(budgets.get(1).location()).isEqualTo("b.yaml:5");
    }

    @Test
    void loadMetricsParseInTheirUnitsAndStayInTheirScenarios() {
        List<Budget> budgets = parse("""
                - where: { scenario: rps, implementation: netty-quic }
                  expect:
                    requests_per_second: "mean >= 1500 req/s"
                    cpu_per_request: "mean <= 0.4 ms"
                - where: { scenario: handshakes }
                  expect:
                    connect_p99: "mean <= 2 s"
                """);
        assertThat(budgets).extracting(Budget::metric)
                .containsExactly(Metric.REQUESTS_PER_SECOND, Metric.CPU_PER_REQUEST, Metric.CONNECT_P99);
        assertThat(budgets).extracting(b -> b.expectation().canonicalLimit()).containsExactly(1500.0, 400.0, 2000.0);
        assertThatThrownBy(() -> parse("- where: { scenario: rps }\n  expect:\n    handshakes_per_second: \"mean >= 1 hs/s\"\n"))
                .hasMessage("b.yaml:3: metric 'handshakes_per_second' belongs to scenario(s) handshakes, but this"
                        + " budget selects scenario rps");
    }

    @Test
    void unknownMetricNamesLineAndChoices() {
        assertThatThrownBy(() -> parse("""
                - where: { implementation: kwik }
                  expect:
                    goodptu: "mean >= 1 Mbps"
                """)).hasMessageStartingWith("b.yaml:3: unknown metric 'goodptu'")
                .hasMessageContaining("goodput, cpu_per_mb");
    }

    @Test
    void unknownUnitOperatorStatisticAndSelectorAreRejectedWithTheirLine() {
        assertThatThrownBy(() -> parse("- where: {}\n  expect:\n    goodput: \"mean >= 1 furlongs\"\n"))
                .hasMessageStartingWith("b.yaml:3: unknown unit 'furlongs'");
        assertThatThrownBy(() -> parse("- where: {}\n  expect:\n    goodput: \"mean == 1 Mbps\"\n"))
                .hasMessageStartingWith("b.yaml:3: 'mean == 1 Mbps' is not an expectation");
        assertThatThrownBy(() -> parse("- where: {}\n  expect:\n    goodput: \"p99 >= 1 Mbps\"\n"))
                .hasMessageStartingWith("b.yaml:3: unknown statistic 'p99'");
        assertThatThrownBy(() -> parse("- where: { flavour: x }\n  expect:\n    goodput: \"mean >= 1 Mbps\"\n"))
                .hasMessageStartingWith("b.yaml:1: unknown selector key 'flavour'");
        assertThatThrownBy(() -> parse("- where: { implementation: kwk }\n  expect:\n    goodput: \"mean >= 1 Mbps\"\n"))
                .hasMessageStartingWith("b.yaml:1: unknown implementation 'kwk'").hasMessageContaining("kwik, netty-quic");
        assertThatThrownBy(() -> parse("- where: { size: 20 megs }\n  expect:\n    goodput: \"mean >= 1 Mbps\"\n"))
                .hasMessageStartingWith("b.yaml:1: '20 megs' is not a size");
    }

    @Test
    void badYamlStopsWithItsLine() {
        assertThatThrownBy(() -> parse("- where: { implementation: kwik\n  expect:\n    goodput: [\n"))
                .isInstanceOf(BudgetFileException.class)
                .hasMessageStartingWith("b.yaml:")
                .hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> parse("where: x\n")).hasMessageStartingWith("b.yaml:1: expected a list of budgets");
        assertThatThrownBy(() -> parse("- where: {}\n")).hasMessageStartingWith("b.yaml:1: a budget needs both");
    }

    @Test
    void missingFileSaysHowToFix() {
        assertThatThrownBy(() -> BudgetFile.load(java.nio.file.Path.of("/nonexistent/budgets.yaml"), KNOWN))
                .hasMessageContaining("/nonexistent/budgets.yaml:0: budgets file does not exist")
                .hasMessageContaining("-Dquicperf.budgets=PATH");
    }
}
