package dev.quicperf.environment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a run of ours may leave behind if a teardown failed: processes of our servers and
 * clients, network namespaces, containers and VMs we named, key directories. The hygiene check
 * after the suite fails if this finds anything.
 */
public final class Leftovers {

    /** Every name we give a namespace, container or VM starts with this. */
    public static final String PREFIX = "quicperf";

    private Leftovers() {
    }

    public static List<String> find() {
        List<String> found = new ArrayList<>();
        Set<Long> self = ancestry();
        ProcessHandle.allProcesses()
                .filter(p -> !self.contains(p.pid()))
                .filter(p -> p.info().arguments().map(args -> Stream.of(args).anyMatch(Leftovers::ours)).orElse(false))
                .forEach(p -> found.add("process " + p.pid() + ": " + p.info().commandLine().orElse("?")));
        found.addAll(browsers(self));
        found.addAll(namespaces());
        found.addAll(cgroups());
        dev.quicperf.environment.container.DockerEngine.ours().forEach(name -> found.add("container " + name));
        try (Stream<Path> tmp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            tmp.filter(d -> d.getFileName().toString().startsWith("quicperf-keys-"))
                    .forEach(d -> found.add("key directory " + d));
        } catch (IOException e) {
            found.add("cannot list " + System.getProperty("java.io.tmpdir") + ": " + e.getMessage());
        }
        return found;
    }

    private static boolean ours(String arg) {
        // Our own mains, anything we named (namespaces, containers, VM images, our Go binaries),
        // and foreign binaries given our key directory or our download directories.
        return arg.startsWith("dev.quicperf.") || arg.startsWith(PREFIX + "-") || arg.contains("/" + PREFIX + "-");
    }

    /**
     * A headless browser of the report check, by its profile directory: Chromium rewrites its
     * processes' command lines, so they are read from /proc rather than through ProcessHandle.
     */
    private static List<String> browsers(Set<Long> self) {
        List<String> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(d -> d.getFileName().toString().matches("[0-9]+")).toList()) {
                if (self.contains(Long.parseLong(p.getFileName().toString()))) {
                    continue;
                }
                try {
                    String cmdline = new String(Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' ');
                    if (cmdline.contains("/" + PREFIX + "-chromium-")) {
                        found.add("browser process " + p.getFileName() + ": " + cmdline.strip());
                    }
                } catch (IOException gone) {
                    // The process ended while we listed it.
                }
            }
        } catch (IOException e) {
            // No /proc: not Linux, and no browser of ours either.
        }
        return found;
    }

    /** CPU-quota groups a test made to slow a server down on purpose. */
    private static List<String> cgroups() {
        List<String> found = new ArrayList<>();
        for (Path root : List.of(Path.of("/sys/fs/cgroup/cpu"), Path.of("/sys/fs/cgroup"))) {
            if (Files.isDirectory(root)) {
                try (Stream<Path> groups = Files.list(root)) {
                    groups.filter(g -> g.getFileName().toString().startsWith(PREFIX + "-"))
                            .forEach(g -> found.add("cgroup " + g));
                } catch (IOException e) {
                    found.add("cannot list " + root + ": " + e.getMessage());
                }
            }
        }
        return found;
    }

    private static Set<Long> ancestry() {
        Set<Long> pids = new java.util.HashSet<>();
        for (ProcessHandle p = ProcessHandle.current(); p != null; p = p.parent().orElse(null)) {
            pids.add(p.pid());
        }
        return pids;
    }

    private static List<String> namespaces() {
        if (!Files.isExecutable(Path.of("/usr/sbin/ip")) && !Files.isExecutable(Path.of("/sbin/ip"))) {
            return List.of();
        }
        try {
            Process ip = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
            String out = new String(ip.getInputStream().readAllBytes());
            ip.waitFor(5, TimeUnit.SECONDS);
            return out.lines().map(l -> l.split(" ")[0]).filter(n -> n.startsWith(PREFIX))
                    .map(n -> "network namespace " + n).collect(Collectors.toList());
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }
}
