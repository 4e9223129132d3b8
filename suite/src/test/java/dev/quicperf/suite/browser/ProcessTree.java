package dev.quicperf.suite.browser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Every process one browser started, and their end. Besides the root's descendants that means
 * every process whose command line names the browser's temporary directory: that finds children
 * whose parent is gone, and the crash handlers, which Chromium starts detached (their parent is
 * init) with their database under {@code XDG_CONFIG_HOME}, which {@link ChromiumProcess} points
 * into the temporary directory.
 */
final class ProcessTree {

    private final Path dir;
    private final Set<ProcessHandle> tree = ConcurrentHashMap.newKeySet();
    private volatile Process root;

    ProcessTree(Path dir) {
        this.dir = dir;
    }

    /** The process we started, whose descendants the tree begins with. */
    void root(Process process) {
        root = process;
        tree.add(process.toHandle());
    }

    /** Adds the processes there are now; called again whenever the browser may have started more. */
    void remember() {
        Process p = root;
        if (p != null) {
            p.descendants().forEach(tree::add);
        }
        // Chromium rewrites its children's argv, which ProcessHandle.Info then cannot split: read /proc.
        String marker = dir.toString() + "/";
        ProcessHandle.allProcesses().filter(h -> commandLine(h).contains(marker)).forEach(tree::add);
    }

    /**
     * Ends them all: first {@code askToClose} (true if it asked the browser to), then SIGTERM, then
     * SIGKILL, and waits for init to reap the orphans.
     */
    void stop(BooleanSupplier askToClose) {
        Process p = root;
        if (p == null) {
            return;
        }
        remember();
        if (p.isAlive() && askToClose.getAsBoolean()) {
            awaitAll(ProcessTree::running, Duration.ofSeconds(5));
        }
        // Children are collected before their parent goes: once it is gone they are no one's descendants.
        remember();
        tree.stream().filter(ProcessTree::running).toList().forEach(h -> h.descendants().forEach(tree::add));
        tree.stream().filter(ProcessTree::running).forEach(ProcessHandle::destroy);
        awaitAll(ProcessTree::running, Duration.ofSeconds(3));
        remember();
        tree.stream().filter(ProcessTree::running).forEach(ProcessHandle::destroyForcibly);
        awaitAll(ProcessTree::running, Duration.ofSeconds(5));
        List<String> survivors = tree.stream().filter(ProcessTree::running)
                .map(h -> h.pid() + " " + commandLine(h)).toList();
        if (!survivors.isEmpty()) {
            System.err.println("HeadlessChromium: still running after SIGKILL: " + survivors);
        }
        // Children that outlived their parent are zombies now, dead, until init reaps them (the
        // crash handlers always are: Chromium starts them detached). Give init a moment, so that
        // not even their names are left in the process table when we return.
        awaitAll(ProcessHandle::isAlive, Duration.ofSeconds(3));
    }

    private static String commandLine(ProcessHandle handle) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(handle.pid()), "cmdline"));
            return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** Alive and not a zombie: a zombie has ended and only waits for its parent to collect it. */
    private static boolean running(ProcessHandle handle) {
        if (!handle.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(handle.pid()), "stat"), StandardCharsets.UTF_8);
            // "pid (name) S ...": the state follows the name, which may itself hold ") ".
            int close = stat.lastIndexOf(')');
            char state = close >= 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : '?';
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return handle.isAlive();
        }
    }

    /** Waits until no process of {@link #tree} is {@code there} any more, or {@code limit} has passed. */
    private void awaitAll(Predicate<ProcessHandle> there, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (tree.stream().anyMatch(there) && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
