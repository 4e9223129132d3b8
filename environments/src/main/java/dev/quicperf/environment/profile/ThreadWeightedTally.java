package dev.quicperf.environment.profile;

import dev.quicperf.adapter.CpuCategory;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Adds up profiled windows per category, weighting each thread's samples by the CPU time the
 * OS measured for that thread over the window.
 *
 * <p>Why: on this kind of machine perf's cpu-clock sampling loses time on threads that run in
 * short bursts (a receive thread that wakes for every datagram was measured at 55-85% of its
 * OS time, while a busy JIT compiler thread got 95-98%). Plain sample counts would then shrink
 * exactly the I/O work the breakdown is about. Scaling each thread to its own OS time keeps
 * the split honest; the raw agreement of samples with the OS is still reported and checked.
 * Threads that ended inside the window have no OS time left to read; they get the average
 * weight of the others.
 */
public final class ThreadWeightedTally {

    /** async-profiler's {@code threads} option puts {@code [name tid=N]} at the root of each stack. */
    private static final Pattern THREAD_FRAME = Pattern.compile("^\\[.*tid=(\\d+)]$");

    private final StackClassifier classifier;
    private final Map<CpuCategory, Long> samples = new EnumMap<>(CpuCategory.class);
    private final Map<CpuCategory, Double> nanos = new EnumMap<>(CpuCategory.class);
    private long unsampledOsNanos;
    private long checkedSampledNanos;
    private long checkedOsNanos;

    public ThreadWeightedTally(StackClassifier classifier) {
        this.classifier = classifier;
        for (CpuCategory c : CpuCategory.values()) {
            samples.put(c, 0L);
            nanos.put(c, 0.0);
        }
    }

    /**
     * @param threadOsNanos CPU time per thread id over the window, from the OS; threads
     *        missing from it ended during the window (or the stacks carry no thread frames)
     */
    public void add(CollapsedStacks window, long intervalNanos, Map<Long, Long> threadOsNanos) {
        Map<Long, Long> samplesByThread = new HashMap<>();
        window.bySamples().forEach((stack, n) -> samplesByThread.merge(threadOf(stack), n, Long::sum));
        long knownOs = 0;
        long knownSampled = 0;
        for (Map.Entry<Long, Long> e : samplesByThread.entrySet()) {
            Long os = threadOsNanos.get(e.getKey());
            if (os != null && os > 0) {
                knownOs += os;
                knownSampled += e.getValue() * intervalNanos;
            }
        }
        for (Map.Entry<Long, Long> e : threadOsNanos.entrySet()) {
            long sampled = samplesByThread.getOrDefault(e.getKey(), 0L) * intervalNanos;
            if (sampled == 0) {
                unsampledOsNanos += e.getValue();
            }
            checkedSampledNanos += sampled;
            checkedOsNanos += e.getValue();
        }
        double fallbackWeight = knownSampled > 0 ? knownOs / (double) knownSampled : 1.0;
        for (Map.Entry<String, Long> e : window.bySamples().entrySet()) {
            long tid = threadOf(e.getKey());
            Long os = threadOsNanos.get(tid);
            long threadSampled = samplesByThread.get(tid) * intervalNanos;
            double weight = os != null && os > 0 ? os / (double) threadSampled : fallbackWeight;
            CpuCategory c = classifier.classify(e.getKey());
            samples.merge(c, e.getValue(), Long::sum);
            nanos.merge(c, e.getValue() * intervalNanos * weight, Double::sum);
        }
    }

    /** Samples per category, as counted. */
    public Map<CpuCategory, Long> samples() {
        return Map.copyOf(samples);
    }

    /** Share of each category after weighting threads by their OS time; NaN when there are no samples. */
    public Map<CpuCategory, Double> shares() {
        double total = nanos.values().stream().mapToDouble(Double::doubleValue).sum();
        Map<CpuCategory, Double> shares = new EnumMap<>(CpuCategory.class);
        nanos.forEach((c, v) -> shares.put(c, total > 0 ? v / total : Double.NaN));
        return shares;
    }

    /**
     * Sampled time of the threads the OS accounts to the nanosecond (alive at both ends of
     * their window), to be held against {@link #checkedOsNanos()}. A thread that ended inside a
     * window has only clock-tick totals left and is not part of the check.
     */
    public long checkedSampledNanos() {
        return checkedSampledNanos;
    }

    /** OS CPU time of the same threads as {@link #checkedSampledNanos()}. */
    public long checkedOsNanos() {
        return checkedOsNanos;
    }

    /** OS CPU time of threads that got no sample at all: work the split cannot show. */
    public long unsampledOsNanos() {
        return unsampledOsNanos;
    }

    /** The thread id in a stack's root frame; -1 when the stack carries none. */
    static long threadOf(String stack) {
        int semicolon = stack.indexOf(';');
        Matcher m = THREAD_FRAME.matcher(semicolon < 0 ? stack : stack.substring(0, semicolon));
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }
}
