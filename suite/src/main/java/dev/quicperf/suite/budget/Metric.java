package dev.quicperf.suite.budget;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A quantity a budget can bound, in one canonical unit, with the units a budget may write it
 * in. Adding a metric means adding it here and producing it in a scenario.
 */
public enum Metric {
    GOODPUT("goodput", "goodput", "Mbps", Map.of("bps", 1e-6, "Kbps", 1e-3, "Mbps", 1.0, "Gbps", 1e3)),
    CPU_PER_MB("cpu_per_mb", "goodput", "ms", Map.of("ns", 1e-6, "us", 1e-3, "µs", 1e-3, "ms", 1.0, "s", 1e3));

    public final String key;
    public final String scenario;
    public final String unit;
    private final Map<String, Double> units;

    Metric(String key, String scenario, String unit, Map<String, Double> units) {
        this.key = key;
        this.scenario = scenario;
        this.unit = unit;
        this.units = units;
    }

    public static Optional<Metric> byKey(String key) {
        return Arrays.stream(values()).filter(m -> m.key.equals(key)).findFirst();
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(m -> m.key).toList();
    }

    /** Factor from {@code unit} to this metric's canonical unit, if the unit fits. */
    public Optional<Double> factor(String unit) {
        return Optional.ofNullable(units.get(unit));
    }

    public List<String> unitNames() {
        return units.keySet().stream().sorted().toList();
    }
}
