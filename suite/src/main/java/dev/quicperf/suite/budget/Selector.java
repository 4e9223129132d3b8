package dev.quicperf.suite.budget;

import java.util.Map;
import java.util.TreeMap;

/**
 * Which matrix cells a budget applies to: every key it names must equal the cell's value; a
 * key it leaves out matches anything.
 */
public record Selector(Map<String, String> values) {

    public static final java.util.List<String> KEYS = java.util.List.of("scenario", "implementation", "environment", "size");

    public Selector {
        values = Map.copyOf(values);
    }

    public boolean matches(Map<String, String> cell) {
        return values.entrySet().stream().allMatch(e -> e.getValue().equals(cell.get(e.getKey())));
    }

    @Override
    public String toString() {
        return new TreeMap<>(values).toString();
    }
}
