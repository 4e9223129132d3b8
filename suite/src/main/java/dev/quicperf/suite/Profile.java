package dev.quicperf.suite;

import java.time.Duration;
import java.util.List;

/**
 * How big a matrix run is. {@code smoke} finishes in minutes on two cores; {@code thesis} uses
 * the study's sizes and repetitions (3 warm-up + 30 measured runs, 2 KB to 2 GB).
 */
public record Profile(String name, List<Long> goodputSizes, int warmupRuns, int measuredRuns) {

    public static final String PROPERTY = "quicperf.profile";

    public static Profile named(String name) {
        return switch (name == null || name.isBlank() ? "smoke" : name.strip()) {
            case "smoke" -> new Profile("smoke", sizes("2KB", "2MB", "20MB"), 1, 5);
            case "thesis" -> new Profile("thesis", sizes("2KB", "2MB", "20MB", "200MB", "2GB"), 3, 30);
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
     * machine (10 Mbps floor) and never below 60 s.
     */
    public Duration clientTimeout(long bytes) {
        return Duration.ofSeconds(Math.max(60, bytes * 8 / 10_000_000L));
    }
}
