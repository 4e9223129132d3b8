package dev.quicperf.environment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Two network namespaces, the server's and the client's, joined by a veth pair with addresses
 * from the documentation range 198.51.100.0/30 and no route anywhere else. Names are
 * {@code quicperf-<pid>-<n>-s} and {@code -c}, the pid being this JVM's: a later run can tell a
 * leftover of a run that died from a pair in use. Closing deletes both and kills what still runs
 * inside; a JVM shutdown hook closes what a failed teardown left.
 */
public final class NetnsPair implements AutoCloseable {

    public static final String SERVER_ADDRESS = "198.51.100.1";
    public static final String CLIENT_ADDRESS = "198.51.100.2";
    static final String DEVICE = "veth0";
    private static final String NAME_PREFIX = Leftovers.PREFIX + "-";
    private static final Pattern OURS = Pattern.compile(Pattern.quote(NAME_PREFIX) + "(\\d+)-(\\d+|probe)-[sc]");
    private static final Path NETNS_DIR = Path.of("/run/netns");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final Set<NetnsPair> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> OPEN.forEach(NetnsPair::close), "quicperf-netns-cleanup"));
    }

    private final String serverNs;
    private final String clientNs;
    private volatile boolean closed;

    private NetnsPair(String stem) {
        this.serverNs = stem + "-s";
        this.clientNs = stem + "-c";
    }

    /** Creates both namespaces, the link and its shaping; on any failure removes what it made. */
    public static NetnsPair create(LinkShaping shaping) throws IOException {
        return create(NAME_PREFIX + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet(), shaping);
    }

    private static NetnsPair create(String stem, LinkShaping shaping) throws IOException {
        NetnsPair pair = new NetnsPair(stem);
        OPEN.add(pair);
        try {
            SystemCommand.run(List.of("ip", "netns", "add", pair.serverNs));
            SystemCommand.run(List.of("ip", "netns", "add", pair.clientNs));
            SystemCommand.run(List.of("ip", "link", "add", "name", DEVICE, "netns", pair.serverNs, "type", "veth",
                    "peer", "name", DEVICE, "netns", pair.clientNs));
            pair.configure(pair.serverNs, SERVER_ADDRESS, shaping);
            pair.configure(pair.clientNs, CLIENT_ADDRESS, shaping);
            return pair;
        } catch (IOException | RuntimeException e) {
            pair.close();
            throw e;
        }
    }

    private void configure(String ns, String address, LinkShaping shaping) throws IOException {
        SystemCommand.run(List.of("ip", "-n", ns, "addr", "add", address + "/30", "dev", DEVICE));
        SystemCommand.run(List.of("ip", "-n", ns, "link", "set", DEVICE, "up"));
        SystemCommand.run(List.of("ip", "-n", ns, "link", "set", "lo", "up"));
        if (!shaping.qdisc().isEmpty()) {
            List<String> tc = new ArrayList<>(List.of("tc", "-n", ns, "qdisc", "add", "dev", DEVICE, "root"));
            tc.addAll(shaping.qdisc());
            SystemCommand.run(tc);
        }
    }

    /**
     * Why a qdisc kind cannot be used here, tried on the loopback of a throwaway namespace
     * (e.g. netem, which this kernel may not have been built with); empty when it works.
     */
    static java.util.Optional<String> qdiscMissing(String kind, List<String> qdisc) throws IOException {
        NetnsPair probe = new NetnsPair(NAME_PREFIX + ProcessHandle.current().pid() + "-probe");
        OPEN.add(probe);
        try {
            SystemCommand.run(List.of("ip", "netns", "add", probe.serverNs));
            List<String> tc = new ArrayList<>(List.of("tc", "-n", probe.serverNs, "qdisc", "add", "dev", "lo", "root"));
            tc.addAll(qdisc);
            SystemCommand.Result r = SystemCommand.attempt(tc);
            return r.exitCode() == 0 ? java.util.Optional.empty()
                    : java.util.Optional.of("the " + kind + " qdisc does not work in this kernel (" + System.getProperty("os.version")
                            + "): tc said '" + r.output().strip() + "'");
        } finally {
            probe.close();
        }
    }

    public String serverNamespace() {
        return serverNs;
    }

    public String clientNamespace() {
        return clientNs;
    }

    /** The argv prefix that runs a command inside {@code ns}'s network, nothing else of it. */
    static List<String> enter(String ns) {
        return List.of("nsenter", "--net=" + NETNS_DIR.resolve(ns));
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        delete(serverNs);
        delete(clientNs);
        OPEN.remove(this);
    }

    /** Kills what still runs inside (a server whose own teardown failed) and removes the namespace. */
    private static void delete(String ns) {
        if (!Files.exists(NETNS_DIR.resolve(ns))) {
            return;
        }
        try {
            SystemCommand.run(List.of("ip", "netns", "pids", ns)).lines().map(String::strip).filter(s -> !s.isEmpty())
                    .forEach(pid -> ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly));
            SystemCommand.run(List.of("ip", "netns", "delete", ns));
        } catch (IOException | RuntimeException e) {
            System.err.println("quicperf: could not delete network namespace " + ns + ": " + e.getMessage());
        }
    }

    /** Deletes namespaces of ours whose JVM is gone: what a run that was killed left behind. */
    static List<String> sweepLeftovers() {
        List<String> swept = new ArrayList<>();
        if (!Files.isDirectory(NETNS_DIR)) {
            return swept;
        }
        try (Stream<Path> names = Files.list(NETNS_DIR)) {
            for (Path p : names.toList()) {
                String name = p.getFileName().toString();
                Matcher m = OURS.matcher(name);
                if (m.matches() && !ProcessHandle.of(Long.parseLong(m.group(1))).map(ProcessHandle::isAlive).orElse(false)) {
                    delete(name);
                    swept.add(name);
                }
            }
        } catch (IOException e) {
            System.err.println("quicperf: could not list " + NETNS_DIR + ": " + e.getMessage());
        }
        return swept;
    }
}
