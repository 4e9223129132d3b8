package dev.quicperf.suite.report;

import dev.quicperf.environment.Environment;
import dev.quicperf.suite.Environments;
import dev.quicperf.suite.Implementations;
import dev.quicperf.suite.SuiteSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Writes {@code environment.properties} into the Allure results when the test plan starts, so
 * even an interrupted run's report says what it ran on. ({@code executor.json} is the report
 * goal's: allure-maven writes it from {@code quicperf.executor.*}, see suite/pom.xml.)
 */
public final class AllureRunInfo implements TestExecutionListener {

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        Optional<Path> results = Optional.ofNullable(System.getProperty("allure.results.directory")).map(Path::of);
        if (results.isEmpty()) {
            return;
        }
        try {
            Files.createDirectories(results.get());
            var facts = RunFacts.collect(Path.of(System.getProperty("user.dir")),
                    SuiteSettings.fromSystemProperties().profile().name(), Implementations.selected(),
                    Environments.selected().stream().map(Environment::id).toList());
            Files.writeString(results.get().resolve("environment.properties"), RunFacts.properties(facts));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run's facts into " + results.get(), e);
        } catch (IllegalArgumentException e) {
            // A bad -D value: the matrix stops on it with the full message; the report just goes without facts.
            System.err.println("[quicperf] no environment.properties for Allure: " + e.getMessage());
        }
    }
}
