package dev.quicperf.environment;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Starts processes and guarantees they do not outlive the harness: one JVM shutdown hook ends
 * every process still registered (Ctrl-C, a CI timeout, Maven killing its test fork). A process
 * started while the hook already runs is ended at once instead of slipping past it.
 */
final class ProcessReaper {

    private final Set<Process> live = ConcurrentHashMap.newKeySet();
    private volatile boolean shuttingDown;

    ProcessReaper() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::reapAll, "quicperf-reaper"));
    }

    Process start(ProcessBuilder builder) throws IOException {
        refuseDuringShutdown(builder);
        Process process = builder.start();
        live.add(process);
        // The hook sets the flag before it walks the set: either it sees this process, or we see the flag.
        if (shuttingDown) {
            ProcessTree.destroy(process, 200);
            live.remove(process);
            refuseDuringShutdown(builder);
        }
        return process;
    }

    /** Ends a process and its descendants now and stops tracking it. */
    void destroy(Process process, long graceMillis) {
        try {
            ProcessTree.destroy(process, graceMillis);
        } finally {
            live.remove(process);
        }
    }

    private void refuseDuringShutdown(ProcessBuilder builder) throws IOException {
        if (shuttingDown) {
            throw new IOException("the harness is shutting down; not starting " + builder.command());
        }
    }

    private void reapAll() {
        shuttingDown = true;
        for (Process p : live) {
            ProcessTree.destroy(p, 500);
        }
    }
}
