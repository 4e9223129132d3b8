package dev.quicperf.suite;

import dev.quicperf.environment.Environment;
import dev.quicperf.environment.LinkShaping;
import dev.quicperf.environment.LinuxHostEnvironment;
import dev.quicperf.environment.LinuxNetnsEnvironment;
import dev.quicperf.environment.container.ContainerEnvironment;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The environments the suite knows, and the choice of them for one run. {@code linux} is the
 * host, where every cell runs; the others run the goodput cells of the profile's comparison size
 * so they can be set beside it. {@code linux-netns-1gbit} (tbf-shaped) runs only when named.
 */
public final class Environments {

    public static final String PROPERTY = "quicperf.environments";

    private static final Map<String, Supplier<Environment>> KNOWN = known();
    private static final List<String> OPT_IN = List.of(LinuxNetnsEnvironment.idFor(LinkShaping.GIGABIT));

    private Environments() {
    }

    private static Map<String, Supplier<Environment>> known() {
        Map<String, Supplier<Environment>> m = new LinkedHashMap<>();
        m.put(LinuxHostEnvironment.ID, LinuxHostEnvironment::pinnedDefault);
        for (LinkShaping shaping : LinkShaping.ALL) {
            m.put(LinuxNetnsEnvironment.idFor(shaping), () -> LinuxNetnsEnvironment.pinnedDefault(shaping));
        }
        m.put(ContainerEnvironment.ID, ContainerEnvironment::pinnedDefault);
        return m;
    }

    public static List<String> ids() {
        return List.copyOf(KNOWN.keySet());
    }

    /** Those named in {@code -Dquicperf.environments=a,b}, or all but the opt-in ones when it is empty. */
    public static List<Environment> selected() {
        return selected(System.getProperty(PROPERTY, ""));
    }

    public static List<Environment> selected(String wanted) {
        List<String> ids = wanted.isBlank() ? KNOWN.keySet().stream().filter(id -> !OPT_IN.contains(id)).toList()
                : Arrays.stream(wanted.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        return ids.stream().map(id -> {
            Supplier<Environment> env = KNOWN.get(id);
            if (env == null) {
                throw new IllegalArgumentException("unknown environment '" + id + "' in -D" + PROPERTY
                        + "; known: " + String.join(", ", KNOWN.keySet()));
            }
            return env.get();
        }).toList();
    }
}
