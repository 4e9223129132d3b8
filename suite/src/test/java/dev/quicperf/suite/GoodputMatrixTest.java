package dev.quicperf.suite;

import dev.quicperf.adapter.CpuCategory;
import dev.quicperf.adapter.Implementation;
import dev.quicperf.adapter.Implementation.Role;
import dev.quicperf.adapter.IoMode;
import dev.quicperf.environment.Environment;
import dev.quicperf.environment.LinuxHostEnvironment;
import dev.quicperf.suite.baseline.Baseline;
import dev.quicperf.suite.baseline.BaselineComparison;
import dev.quicperf.suite.budget.Budget;
import dev.quicperf.suite.budget.BudgetGate;
import dev.quicperf.suite.budget.Metric;
import dev.quicperf.suite.budget.Verdict;
import dev.quicperf.suite.goodput.CellBrokenException;
import dev.quicperf.suite.goodput.EnvironmentComparison;
import dev.quicperf.suite.goodput.GoodputCell;
import dev.quicperf.suite.goodput.GoodputReport;
import dev.quicperf.suite.goodput.GoodputResult;
import dev.quicperf.suite.goodput.GoodputRunner;
import dev.quicperf.suite.goodput.IoModeComparison;
import dev.quicperf.suite.goodput.ReferenceRows;
import dev.quicperf.suite.stats.Summary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The goodput matrix: implementation (with its own client, as the study did) × environment ×
 * object size, sized by the profile, and at the profile's I/O-mode sizes × every I/O mode the
 * server has, nio first so that the others are compared with it in the same run. Each cell runs
 * its downloads, writes its numbers into Allure and fails when a budget that selects it is
 * broken; a mode this host cannot run is skipped with the reason.
 */
@Execution(ExecutionMode.SAME_THREAD)
// Runs first, on a machine no fault test has disturbed yet.
@Order(1)
class GoodputMatrixTest {

    private static final SuiteSettings SETTINGS = SuiteSettings.fromSystemProperties();
    // Loaded while the matrix is built, so a malformed file stops the run before any cell starts.
    private static List<Budget> budgets;
    private static Optional<Baseline> baseline;

    static List<GoodputCell> cells() {
        budgets = SETTINGS.budgets();
        baseline = SETTINGS.baseline();
        List<GoodputCell> cells = new ArrayList<>();
        if (!Scenarios.selected().contains(GoodputCell.SCENARIO)) {
            return cells;
        }
        List<Environment> environments = Environments.selected();
        for (Environment linux : environments.stream().filter(e -> e.id().equals(LinuxHostEnvironment.ID)).toList()) {
            for (Implementation impl : referencesFirst(Implementations.selected())) {
                for (long size : SETTINGS.profile().goodputSizes()) {
                    if (!SETTINGS.profile().ioModeSizes().contains(size)) {
                        cells.add(new GoodputCell(impl, linux, size));
                        continue;
                    }
                    for (IoMode mode : IoModeCells.nioFirst(impl)) {
                        cells.add(new GoodputCell(impl, mode, linux, size));
                    }
                }
            }
        }
        // The other environments after the host, at the comparison size, each server in its default mode.
        for (Environment env : environments.stream().filter(e -> !e.id().equals(LinuxHostEnvironment.ID)).toList()) {
            // A stack missing here says so once, in its linux cells, not again per environment.
            for (Implementation impl : referencesFirst(Implementations.selected()).stream()
                    .filter(i -> i.unavailableBecause().isEmpty()).toList()) {
                for (long size : SETTINGS.profile().ioModeSizes()) {
                    cells.add(new GoodputCell(impl, env, size));
                }
            }
        }
        return cells;
    }

    /**
     * The reference rows (the UDP ceiling, then TCP + TLS) before the stacks, so that each stack's
     * cell finds them finished and reports its goodput as a share of theirs.
     */
    static List<Implementation> referencesFirst(List<Implementation> impls) {
        return impls.stream().sorted(java.util.Comparator.comparing((Implementation i) -> i.role() == Role.QUIC_STACK)
                .thenComparing(i -> i.role() != Role.UDP_CEILING)).toList();
    }

    @ParameterizedTest(name = "goodput: {0}", allowZeroInvocations = true)
    @MethodSource("cells")
    void goodputMeetsItsBudgets(GoodputCell cell) throws Exception {
        GoodputReport.label(cell, SETTINGS.profile());
        IoModeCells.assumeRunnable(cell.implementation(), cell.ioMode());
        CellPreconditions.assumeRunnable(cell.implementation(), cell.environment());
        Path cellDir = SETTINGS.workDir().resolve(cell.slug());
        GoodputResult result = new GoodputRunner(SETTINGS.profile()).run(cell, cellDir);
        if (result.broken().isEmpty()) {
            IoModeComparison.record(result);
            EnvironmentComparison.record(result);
            ReferenceRows.record(result);
        }

        BudgetGate gate = new BudgetGate(budgets, SETTINGS.strict(), baseline, SETTINGS.profile().name());
        List<Verdict> verdicts = result.broken().isPresent()
                ? List.of() : gate.judge(cell.coordinates(), cell.slug(), metrics(result));
        GoodputReport.attach(result, verdicts, cellDir);
        BaselineComparison.attach(baseline, cell.slug(), SETTINGS.profile().name(), metrics(result), cellDir);
        ReferenceRows.attachRatios(result, cellDir);
        if (result.broken().isPresent()) {
            throw new CellBrokenException(cell + ": " + result.broken().get());
        }
        gate.enforce("goodput: " + cell, verdicts);
        // A server that can be profiled must come with its breakdown; a failed profiler is a fault.
        result.breakdown().failure().ifPresent(why -> {
            throw new AssertionError(cell + ": no CPU breakdown although profiling was on: " + why);
        });
    }

    private static Map<Metric, Summary> metrics(GoodputResult result) {
        Map<Metric, Summary> metrics = new EnumMap<>(GoodputReport.metrics(result));
        IoModeComparison.cpuPerPacketVsNio(result).ifPresent(s -> metrics.put(Metric.CPU_PER_PACKET_VS_NIO, s));
        IoModeComparison.partVsNio(result, CpuCategory.SENDMSG)
                .ifPresent(s -> metrics.put(Metric.SENDMSG_PER_PACKET_VS_NIO, s));
        EnvironmentComparison.goodputVsHost(result).ifPresent(s -> metrics.put(Metric.GOODPUT_VS_LINUX, s));
        EnvironmentComparison.cpuPerPacketVsHost(result).ifPresent(s -> metrics.put(Metric.CPU_PER_PACKET_VS_LINUX, s));
        ReferenceRows.goodputVs(Role.UDP_CEILING, result).ifPresent(s -> metrics.put(Metric.GOODPUT_VS_UDP_CEILING, s));
        ReferenceRows.goodputVs(Role.TCP_TLS_REFERENCE, result).ifPresent(s -> metrics.put(Metric.GOODPUT_VS_TCP_TLS, s));
        return metrics;
    }
}
