package dev.quicperf.suite;

import java.time.Duration;
import java.util.List;

/**
 * How big a matrix run is. {@code smoke} finishes in minutes on two cores; {@code thesis} uses
 * the study's sizes and repetitions (3 warm-up + 30 measured runs, 2 KB to 2 GB).
 */
public record Profile(String name, List<Long> goodputSizes, int warmupRuns, int measuredRuns, Duration minClientTimeout) {

    public static final String PROPERTY = "quicperf.profile";

    public static Profile named(String name) {
        return switch (name == null || name.isBlank() ? "smoke" : name.strip()) {
            case "smoke" -> new Profile("smoke", sizes("2KB", "2MB", "20MB"), 1, 5, Duration.ofSeconds(60));
            case "thesis" -> new Profile("thesis", sizes("2KB", "2MB", "20MB", "200MB", "2GB"), 3, 30, Duration.ofSeconds(60));
            default -> throw new IllegalArgumentException("unknown profile '" + name + "' in -D" + PROPERTY
                    + "; expected smoke (the default) or thesis");
        };
    }

    public static Profile fromSystemProperties() {
        return named(System.getProperty(PROPERTY));
    }

    private static List<Long> sizes(String... texts) {
        return java.util.Arrays.stream(texts).map(ByteSize::parse).toList();
    }

    /**
     * A client's deadline for one download: generous enough for a slow stack on a loaded
     * machine (10 Mbps floor) and never below {@code minClientTimeout}.
     */
    public Duration clientTimeout(long bytes) {
        Duration floor = Duration.ofSeconds(bytes * 8 / 10_000_000L);
        return floor.compareTo(minClientTimeout) > 0 ? floor : minClientTimeout;
    }

    /** A whole cell's deadline: every run at its own deadline, plus a minute for the server to start and stop. */
    public Duration cellTimeout(long bytes) {
        return clientTimeout(bytes).multipliedBy(warmupRuns + measuredRuns).plusSeconds(60);
    }

    /** The same profile with a different client deadline floor (fault tests use seconds, not a minute). */
    public Profile withMinClientTimeout(Duration timeout) {
        return new Profile(name, goodputSizes, warmupRuns, measuredRuns, timeout);
    }
}
