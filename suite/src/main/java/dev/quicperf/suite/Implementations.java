package dev.quicperf.suite;

import dev.quicperf.adapter.Implementation;
import dev.quicperf.kwik.KwikImplementation;
import dev.quicperf.nettyquic.NettyQuicImplementation;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The implementations the suite knows, and the choice of them for one run. */
public final class Implementations {

    public static final String PROPERTY = "quicperf.implementations";

    private Implementations() {
    }

    public static List<Implementation> all() {
        return List.of(new KwikImplementation(), new NettyQuicImplementation());
    }

    /** Those named in {@code -Dquicperf.implementations=a,b}, or all when it is empty. */
    public static List<Implementation> selected() {
        return selected(System.getProperty(PROPERTY, ""));
    }

    /** Those named in a comma-separated list of ids, or all when it is blank. */
    public static List<Implementation> selected(String wanted) {
        Map<String, Implementation> byId = all().stream()
                .collect(Collectors.toMap(Implementation::id, Function.identity(), (a, b) -> a, java.util.LinkedHashMap::new));
        if (wanted.isBlank()) {
            return List.copyOf(byId.values());
        }
        return Arrays.stream(wanted.split(",")).map(String::strip).filter(s -> !s.isEmpty()).map(id -> {
            Implementation impl = byId.get(id);
            if (impl == null) {
                throw new IllegalArgumentException("unknown implementation '" + id + "' in -D" + PROPERTY
                        + "; known: " + String.join(", ", byId.keySet()));
            }
            return impl;
        }).toList();
    }

    public static List<String> ids() {
        return all().stream().map(Implementation::id).toList();
    }
}
