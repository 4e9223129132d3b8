package dev.quicperf.suite.budget;

import java.util.Map;
import java.util.TreeMap;

/**
 * Which matrix cells a budget applies to: every key it names must equal the cell's value; a
 * key it leaves out matches anything, except {@code io}: a budget that names no I/O mode holds
 * for each server's default one only, so that limits written for how a stack normally runs do
 * not judge the slower modes it is compared in.
 */
public record Selector(Map<String, String> values) {

    public static final java.util.List<String> KEYS = java.util.List.of("scenario", "implementation", "io", "environment",
            "size");

    /** A cell coordinate, not selectable: {@code "false"} when the cell runs a non-default I/O mode. */
    public static final String DEFAULT_IO = "defaultIo";

    public Selector {
        values = Map.copyOf(values);
    }

    public boolean matches(Map<String, String> cell) {
        if (!values.containsKey("io") && "false".equals(cell.get(DEFAULT_IO))) {
            return false;
        }
        return values.entrySet().stream().allMatch(e -> e.getValue().equals(cell.get(e.getKey())));
    }

    @Override
    public String toString() {
        return new TreeMap<>(values).toString();
    }
}
