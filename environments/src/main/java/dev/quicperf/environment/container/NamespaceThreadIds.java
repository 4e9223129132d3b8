package dev.quicperf.environment.container;

import dev.quicperf.adapter.cpu.CpuSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A containerised process's threads as its own PID namespace numbers them. The profiler inside
 * the container names threads by those ids while {@code /proc} on the host keys them by the
 * host's, so CPU snapshots are re-keyed for the two to meet ({@code NSpid} in each task's status
 * holds both). Thread ids do not change, so each is looked up once.
 */
final class NamespaceThreadIds {

    private final long pid;
    private final Map<Long, Long> hostToNamespace = new ConcurrentHashMap<>();

    NamespaceThreadIds(long pid) {
        this.pid = pid;
    }

    CpuSnapshot rekey(CpuSnapshot host) {
        Map<Long, Long> byNamespaceId = new HashMap<>();
        host.threadRunNanos().forEach((tid, nanos) -> byNamespaceId.put(namespaceId(tid), nanos));
        return new CpuSnapshot(host.userNanos(), host.systemNanos(), host.tickNanos(), byNamespaceId);
    }

    private long namespaceId(long hostTid) {
        return hostToNamespace.computeIfAbsent(hostTid, tid -> {
            try {
                List<String> status = Files.readAllLines(Path.of("/proc", Long.toString(pid), "task",
                        Long.toString(tid), "status"));
                return parse(status).orElse(tid);
            } catch (IOException e) {
                // The thread ended between the two reads: its id no longer matters.
                return tid;
            }
        });
    }

    /** The innermost id on the {@code NSpid:} line (host id first, then each nested namespace's). */
    static java.util.Optional<Long> parse(List<String> status) {
        return status.stream().filter(l -> l.startsWith("NSpid:")).findFirst().map(l -> {
            String[] ids = l.substring(6).strip().split("\\s+");
            return Long.parseLong(ids[ids.length - 1]);
        });
    }
}
