package dev.quicperf.suite.baseline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A CFS bandwidth limit on one process, through a cgroup of its own: what a slower machine or a
 * noisy neighbour does to a server, made on purpose. Works with cgroup v1 (the {@code cpu}
 * hierarchy) and v2 ({@code cpu.max}); needs root.
 */
final class CpuQuota implements AutoCloseable {

    private static final Path V1 = Path.of("/sys/fs/cgroup/cpu");
    private static final Path V2 = Path.of("/sys/fs/cgroup");
    private static final int PERIOD_MICROS = 10_000;
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final Path group;
    private final Path parentProcs;

    private CpuQuota(Path group, Path parentProcs) {
        this.group = group;
        this.parentProcs = parentProcs;
    }

    /** Why no quota can be set here, or empty when it can. */
    static Optional<String> unavailableBecause() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("setting a CPU quota needs root (a cgroup of our own); run the tests as root");
        }
        if (Files.isRegularFile(V1.resolve("cpu.cfs_quota_us"))) {
            return Optional.empty();
        }
        try {
            if (Files.isRegularFile(V2.resolve("cgroup.controllers"))
                    && Files.readString(V2.resolve("cgroup.subtree_control")).contains("cpu")) {
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.of("cannot read " + V2 + ": " + e.getMessage());
        }
        return Optional.of("no cgroup cpu controller: neither " + V1 + "/cpu.cfs_quota_us nor cpu in "
                + V2 + "/cgroup.subtree_control");
    }

    /** Puts {@code pid} (all its threads) under a limit of {@code share} of one core. */
    static CpuQuota limit(long pid, double share) {
        int quota = Math.max(1_000, (int) Math.round(PERIOD_MICROS * share));
        boolean v1 = Files.isRegularFile(V1.resolve("cpu.cfs_quota_us"));
        Path root = v1 ? V1 : V2;
        sweep(root);
        Path group = root.resolve("quicperf-" + ProcessHandle.current().pid() + "-throttle-" + SEQUENCE.incrementAndGet());
        try {
            Files.createDirectory(group);
            CpuQuota q = new CpuQuota(group, root.resolve("cgroup.procs"));
            try {
                if (v1) {
                    Files.writeString(group.resolve("cpu.cfs_period_us"), Integer.toString(PERIOD_MICROS));
                    Files.writeString(group.resolve("cpu.cfs_quota_us"), Integer.toString(quota));
                } else {
                    Files.writeString(group.resolve("cpu.max"), quota + " " + PERIOD_MICROS);
                }
                Files.writeString(group.resolve("cgroup.procs"), Long.toString(pid));
                return q;
            } catch (IOException | RuntimeException e) {
                q.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot put process " + pid + " under a CPU quota in " + group, e);
        }
    }

    /** Removes the groups of test JVMs that died before they could: a group of a live JVM stays. */
    private static void sweep(Path root) {
        try (var groups = Files.list(root)) {
            for (Path g : groups.toList()) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("quicperf-([0-9]+)-throttle-[0-9]+")
                        .matcher(g.getFileName().toString());
                if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
                    new CpuQuota(g, root.resolve("cgroup.procs")).close();
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // A group we cannot remove stays; the hygiene check names it.
        }
    }

    /** Moves whatever is still in the group back to the root group, then removes the group. */
    @Override
    public void close() {
        try {
            if (Files.isRegularFile(group.resolve("cgroup.procs"))) {
                for (String pid : Files.readAllLines(group.resolve("cgroup.procs"))) {
                    if (!pid.isBlank()) {
                        try {
                            Files.writeString(parentProcs, pid.strip());
                        } catch (IOException gone) {
                            // The process ended between the read and the write: nothing to move.
                        }
                    }
                }
            }
            Files.deleteIfExists(group);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the cgroup " + group + "; remove it with rmdir", e);
        }
    }
}
