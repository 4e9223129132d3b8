package dev.quicperf.suite;

import dev.quicperf.adapter.load.LoadScenario;
import dev.quicperf.suite.goodput.GoodputCell;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** The scenarios the suite knows, and the choice of them for one run ({@code -Dquicperf.scenarios=rps,goodput}). */
public final class Scenarios {

    public static final String PROPERTY = "quicperf.scenarios";

    private Scenarios() {
    }

    public static List<String> ids() {
        return Stream.concat(Stream.of(GoodputCell.SCENARIO), Arrays.stream(LoadScenario.values()).map(s -> s.id)).toList();
    }

    /** Those named in {@code -Dquicperf.scenarios}, or all when it is empty. */
    public static Set<String> selected() {
        return selected(System.getProperty(PROPERTY, ""));
    }

    public static Set<String> selected(String wanted) {
        if (wanted.isBlank()) {
            return new LinkedHashSet<>(ids());
        }
        Set<String> chosen = new LinkedHashSet<>();
        for (String id : wanted.split(",")) {
            String s = id.strip();
            if (s.isEmpty()) {
                continue;
            }
            if (!ids().contains(s)) {
                throw new IllegalArgumentException("unknown scenario '" + s + "' in -D" + PROPERTY + "; known: "
                        + String.join(", ", ids()));
            }
            chosen.add(s);
        }
        return chosen;
    }
}
