package dev.quicperf.adapter.cpu;

import java.util.Map;

/**
 * A process's CPU time at one instant: user and system time from {@code /proc/<pid>/stat}
 * (clock-tick resolution, counts threads that already exited) and the per-thread scheduler
 * run time from {@code /proc/<pid>/task/<tid>/schedstat} (nanosecond resolution, live threads only).
 */
public record CpuSnapshot(long userNanos, long systemNanos, long tickNanos, Map<Long, Long> threadRunNanos) {

    public CpuSnapshot {
        threadRunNanos = Map.copyOf(threadRunNanos);
    }

    /**
     * CPU used between {@code before} and this snapshot. Uses the nanosecond thread times when
     * they are complete; otherwise the tick counts, which include threads that exited. They are
     * incomplete when a thread of {@code before} has gone, or when the ticks exceed them by more
     * than rounding (two ticks): a thread started and ended inside the interval.
     */
    public CpuUsage since(CpuSnapshot before) {
        long user = userNanos - before.userNanos;
        long system = systemNanos - before.systemNanos;
        boolean threadGone = !threadRunNanos.keySet().containsAll(before.threadRunNanos.keySet());
        long precise = 0;
        if (!threadGone) {
            for (Map.Entry<Long, Long> e : threadRunNanos.entrySet()) {
                precise += e.getValue() - before.threadRunNanos.getOrDefault(e.getKey(), 0L);
            }
        }
        boolean complete = !threadGone && !threadRunNanos.isEmpty()
                && user + system - precise <= 2 * tickNanos;
        return new CpuUsage(complete ? precise : user + system, user, system, complete);
    }

    /**
     * CPU time per thread id between {@code before} and this snapshot, for threads alive now
     * (a thread started in between counts from zero); threads that ended in between are absent.
     */
    public Map<Long, Long> threadNanosSince(CpuSnapshot before) {
        Map<Long, Long> delta = new java.util.HashMap<>();
        threadRunNanos.forEach((tid, nanos) -> delta.put(tid, nanos - before.threadRunNanos.getOrDefault(tid, 0L)));
        return delta;
    }
}
