package dev.quicperf.suite;

import dev.quicperf.adapter.Implementation;
import dev.quicperf.adapter.IoMode;
import dev.quicperf.adapter.load.LoadScenario;
import dev.quicperf.environment.Environment;
import dev.quicperf.environment.LinuxHostEnvironment;
import dev.quicperf.suite.baseline.Baseline;
import dev.quicperf.suite.baseline.BaselineComparison;
import dev.quicperf.suite.budget.Budget;
import dev.quicperf.suite.budget.BudgetGate;
import dev.quicperf.suite.budget.Verdict;
import dev.quicperf.suite.goodput.CellBrokenException;
import dev.quicperf.suite.goodput.IoModeComparison;
import dev.quicperf.suite.load.LoadCell;
import dev.quicperf.suite.load.LoadClients;
import dev.quicperf.suite.load.LoadReportWriter;
import dev.quicperf.suite.load.LoadResult;
import dev.quicperf.suite.load.LoadRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The many-connection matrix: response time (a new connection per request), rps (persistent
 * connections) and handshakes, × implementation (its own load client) × environment, sized by
 * the profile. Each cell writes its numbers and latency distributions into Allure and fails when
 * a budget that selects it is broken.
 */
@Execution(ExecutionMode.SAME_THREAD)
// Right after the goodput matrix, before tests that disturb the machine.
@Order(2)
class LoadMatrixTest {

    private static final SuiteSettings SETTINGS = SuiteSettings.fromSystemProperties();
    private static List<Budget> budgets;
    private static Optional<Baseline> baseline;

    static List<LoadCell> cells() {
        budgets = SETTINGS.budgets();
        baseline = SETTINGS.baseline();
        Set<String> wanted = Scenarios.selected();
        Environment linux = LinuxHostEnvironment.pinnedDefault();
        List<LoadCell> cells = new ArrayList<>();
        for (LoadScenario scenario : LoadScenario.values()) {
            if (!wanted.contains(scenario.id)) {
                continue;
            }
            // The reference rows (TCP+TLS, the UDP ceiling) are goodput references only.
            for (Implementation impl : Implementations.selected().stream()
                    .filter(i -> i.role() == Implementation.Role.QUIC_STACK).toList()) {
                if (scenario != LoadScenario.RPS || LoadClients.unavailable(impl).isPresent()) {
                    cells.add(new LoadCell(scenario, impl, linux, SETTINGS.profile().loadPlan(scenario)));
                    continue;
                }
                // rps in every I/O mode, for the comparison's requests/s.
                for (IoMode mode : IoModeCells.nioFirst(impl)) {
                    cells.add(new LoadCell(scenario, impl, mode, linux, SETTINGS.profile().loadPlan(scenario)));
                }
            }
        }
        return cells;
    }

    @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
    @MethodSource("cells")
    void loadCellMeetsItsBudgets(LoadCell cell) throws Exception {
        LoadReportWriter.label(cell, SETTINGS.profile());
        IoModeCells.assumeRunnable(cell.implementation(), cell.ioMode());
        CellPreconditions.assumeRunnable(cell.implementation(), cell.environment());
        Optional<String> noClient = LoadClients.unavailable(cell.implementation());
        Assumptions.assumeTrue(noClient.isEmpty(), () -> "skipped: " + noClient.orElse(""));
        Path cellDir = SETTINGS.workDir().resolve(cell.slug());
        LoadResult result = new LoadRunner(SETTINGS.profile()).run(cell, cellDir);
        if (result.broken().isEmpty() && cell.scenario() == LoadScenario.RPS) {
            IoModeComparison.recordRps(result);
        }

        BudgetGate gate = new BudgetGate(budgets, SETTINGS.strict(), baseline, SETTINGS.profile().name());
        List<Verdict> verdicts = result.broken().isPresent() ? List.of() : gate.judge(cell.coordinates(), cell.slug(), result.metrics());
        LoadReportWriter.attach(result, verdicts, cellDir);
        BaselineComparison.attach(baseline, cell.slug(), SETTINGS.profile().name(), result.metrics(), cellDir);
        if (result.broken().isPresent()) {
            throw new CellBrokenException(cell + ": " + result.broken().get());
        }
        gate.enforce(cell.scenario() + ": " + cell, verdicts);
        // A server that can be profiled must come with its breakdown; a failed profiler is a fault.
        result.breakdown().failure().ifPresent(why -> {
            throw new AssertionError(cell + ": no CPU breakdown although profiling was on: " + why);
        });
    }
}
