package dev.quicperf.suite;

import dev.quicperf.adapter.Implementation;
import dev.quicperf.external.ExternalImplementation;
import dev.quicperf.external.ExternalStacks;
import dev.quicperf.kwik.KwikImplementation;
import dev.quicperf.nettyquic.NettyQuicImplementation;
import dev.quicperf.quicgo.QuicGoImplementation;
import dev.quicperf.tcptls.TcpTlsImplementation;
import dev.quicperf.udpceiling.UdpCeilingImplementation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The implementations the suite knows, and the choice of them for one run. */
public final class Implementations {

    public static final String PROPERTY = "quicperf.implementations";

    private Implementations() {
    }

    /** Where a user keeps stack descriptors of their own: {@code -Dquicperf.stacks=<dir>}. */
    public static final String STACKS_PROPERTY = "quicperf.stacks";

    /**
     * Our Java stacks, the stacks declared in YAML that ship with quicperf, and those in the
     * directory named by {@code -Dquicperf.stacks}.
     *
     * @throws IllegalArgumentException when a descriptor is malformed or reuses an id
     */
    public static List<Implementation> all() {
        String dir = System.getProperty(STACKS_PROPERTY, "").strip();
        // One instance per stack for the run: a foreign stack asks its binary for its version once.
        synchronized (Implementations.class) {
            if (cached == null || !cachedFor.equals(dir)) {
                cached = load(dir);
                cachedFor = dir;
            }
            return cached;
        }
    }

    private static List<Implementation> cached;
    private static String cachedFor = "";

    private static List<Implementation> load(String dir) {
        List<Implementation> all = new ArrayList<>(List.of(new KwikImplementation(), new NettyQuicImplementation(),
                new QuicGoImplementation(), new TcpTlsImplementation(), new UdpCeilingImplementation()));
        all.addAll(ExternalStacks.shipped());
        if (!dir.isEmpty()) {
            all.addAll(ExternalStacks.fromDirectory(SuiteSettings.fromCommandLine(dir)));
        }
        Set<String> ids = new HashSet<>();
        for (Implementation impl : all) {
            if (!ids.add(impl.id())) {
                throw new IllegalArgumentException("two implementations have the id '" + impl.id() + "'"
                        + (impl instanceof ExternalImplementation e ? " (the second is declared in "
                        + e.descriptor().origin() + "): rename one" : ""));
            }
        }
        return List.copyOf(all);
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
