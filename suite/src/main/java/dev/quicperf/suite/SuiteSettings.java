package dev.quicperf.suite;

import dev.quicperf.suite.budget.Budget;
import dev.quicperf.suite.budget.BudgetFile;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The run's settings from system properties (Maven passes -D flags through): profile, budgets
 * file, strictness, work directory. Read once; bad values stop the run with what to write instead.
 */
public record SuiteSettings(Profile profile, Path budgetsFile, boolean strict, Path workDir) {

    public static final String BUDGETS = "quicperf.budgets";
    public static final String DEFAULT_BUDGETS = "quicperf.budgets.default";
    public static final String STRICT = "quicperf.strict";
    public static final String WORK = "quicperf.work";
    public static final String INVOCATION_DIR = "quicperf.invocationDir";

    public static SuiteSettings fromSystemProperties() {
        String budgets = System.getProperty(BUDGETS, "");
        if (budgets.isBlank()) {
            budgets = System.getProperty(DEFAULT_BUDGETS, "budgets.yaml");
        }
        String strict = System.getProperty(STRICT, "false").strip();
        if (!strict.equals("true") && !strict.equals("false") && !strict.isEmpty()) {
            throw new IllegalArgumentException("-D" + STRICT + "=" + strict + " is not a boolean; use true or false");
        }
        return new SuiteSettings(Profile.fromSystemProperties(), fromCommandLine(budgets),
                strict.equals("true"), Path.of(System.getProperty(WORK, "target/quicperf-runs")).toAbsolutePath());
    }

    /** A path given with -D: relative to the directory mvn was started in (surefire runs in suite/). */
    public static Path fromCommandLine(String path) {
        String base = System.getProperty(INVOCATION_DIR, "");
        return (base.isBlank() ? Path.of(path) : Path.of(base).resolve(path)).toAbsolutePath().normalize();
    }

    /** Loads and checks the budgets file; a malformed one throws with file:line. */
    public List<Budget> budgets() {
        Map<String, Collection<String>> known = Map.of(
                "scenario", Scenarios.ids(),
                "implementation", Implementations.ids(),
                "io", java.util.Arrays.stream(dev.quicperf.adapter.IoMode.values()).map(dev.quicperf.adapter.IoMode::id).toList(),
                "environment", Environments.ids());
        return BudgetFile.load(budgetsFile, known);
    }

    /** The earlier run named by {@code -Dquicperf.baseline}; a directory without results throws with what to pass. */
    public java.util.Optional<dev.quicperf.suite.baseline.Baseline> baseline() {
        return dev.quicperf.suite.baseline.Baseline.fromSystemProperties();
    }
}
