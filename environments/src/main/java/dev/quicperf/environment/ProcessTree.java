package dev.quicperf.environment;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Ends a process and everything it started: a polite SIGTERM first so servers can flush their
 * logs, then SIGKILL for whatever is still there after the grace period.
 */
final class ProcessTree {

    private ProcessTree() {
    }

    static void destroy(Process process, long graceMillis) {
        ProcessHandle root = process.toHandle();
        // Snapshot before signalling: once the root dies, its children are re-parented and lost.
        List<ProcessHandle> tree = new java.util.ArrayList<>(root.descendants().toList());
        tree.add(root);
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
        for (ProcessHandle h : tree) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                try {
                    h.onExit().get(left, TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (Exception stillAlive) {
                    // Killed below.
                }
            }
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(graceMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
