package dev.quicperf.environment;

import java.nio.file.Path;

/**
 * One client process, finished. {@code stdout} is what it printed there (its report);
 * {@code stderrLog} keeps the rest. A client killed at its deadline has {@code timedOut} set.
 */
public record ClientRun(int exitCode, String stdout, Path stdoutLog, Path stderrLog, long wallNanos, boolean timedOut) {
}
