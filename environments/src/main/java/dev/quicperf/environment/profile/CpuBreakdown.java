package dev.quicperf.environment.profile;

import dev.quicperf.adapter.CpuCategory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where a server's CPU went over its profiled windows, per category, scaled to the CPU time
 * the OS measured for the server over the same windows and divided by the units of work done
 * in them (packets the server sent for goodput, requests for the load scenarios).
 *
 * <p>Shares come from samples, each thread's weighted by its OS-measured CPU time (see
 * {@link ThreadWeightedTally}); absolute times come from the OS, so a profiler that loses
 * samples skews neither the total nor, as far as per-thread weighting can tell, the split. The sampled time (samples × interval) must agree
 * with the OS time within {@link #TOLERANCE}; where it does not, the cell says so.
 *
 * @param unit what one unit of work is: {@code packet} or {@code request}
 * @param units units of work done in the profiled windows; 0 when they could not be counted
 * @param osCpuNanos the server's CPU time over the profiled windows, from the OS
 * @param checkedSampledNanos samples × interval of the threads the OS accounts precisely
 *        (alive at both ends of a window); held against {@code checkedOsNanos}, their OS time
 * @param parts one per category, in {@link CpuCategory#tableOrder()}
 * @param kernelFrames whether any sample had a kernel frame; without them syscall categories
 *        hold only their user-space part
 * @param caveats what a reader must know before trusting the numbers
 */
public record CpuBreakdown(String unit, long units, long samples, long intervalNanos, long osCpuNanos,
        long checkedSampledNanos, long checkedOsNanos, List<Part> parts, boolean kernelFrames, List<String> caveats) {

    /** Sampled and OS-measured CPU time may differ by this share before a cell is flagged. */
    public static final double TOLERANCE = 0.15;
    /** Below this many samples a share has a standard error above about 2 points. */
    public static final long FEW_SAMPLES = 500;

    /**
     * @param share of all samples, 0..1
     * @param microsPerUnit the category's CPU per unit of work in µs; NaN when units are unknown
     */
    public record Part(CpuCategory category, long samples, double share, double microsPerUnit) {
    }

    public CpuBreakdown {
        parts = List.copyOf(parts);
        caveats = List.copyOf(caveats);
    }

    /** The same breakdown with one more thing a reader must know. */
    public CpuBreakdown withCaveat(String caveat) {
        List<String> more = new ArrayList<>(caveats);
        more.add(caveat);
        return new CpuBreakdown(unit, units, samples, intervalNanos, osCpuNanos, checkedSampledNanos, checkedOsNanos,
                parts, kernelFrames, more);
    }

    /**
     * @param tally the profiled windows, weighted per thread
     * @param unitsProblem why {@code units} is 0, when it is; null otherwise
     */
    public static CpuBreakdown of(ThreadWeightedTally tally, long intervalNanos, long osCpuNanos, String unit,
            long units, String unitsProblem, boolean kernelFrames) {
        Map<CpuCategory, Long> counted = tally.samples();
        Map<CpuCategory, Double> shares = tally.shares();
        long total = counted.values().stream().mapToLong(Long::longValue).sum();
        List<Part> parts = new ArrayList<>();
        for (CpuCategory c : CpuCategory.tableOrder()) {
            double share = shares.get(c);
            double perUnit = units > 0 ? share * osCpuNanos / 1e3 / units : Double.NaN;
            parts.add(new Part(c, counted.get(c), share, perUnit));
        }
        List<String> caveats = new ArrayList<>();
        if (units <= 0) {
            caveats.add("no per-" + unit + " figures: " + (unitsProblem == null ? "no " + unit + "s counted" : unitsProblem));
        }
        if (total < FEW_SAMPLES) {
            caveats.add("only " + total + " samples (under " + FEW_SAMPLES + "): shares are uncertain by several points");
        }
        if (!kernelFrames && total > 0) {
            caveats.add("no kernel frames in the samples (perf_event_paranoid or missing privileges?): "
                    + "sendmsg() and recvmsg() hold only their user-space part");
        }
        if (osCpuNanos > 0 && tally.unsampledOsNanos() > 0.05 * osCpuNanos) {
            caveats.add(String.format("threads that got no sample used %.0f%% of the server's CPU: the split leaves"
                    + " them out", 100.0 * tally.unsampledOsNanos() / osCpuNanos));
        }
        long checkedSampled = tally.checkedSampledNanos();
        long checkedOs = tally.checkedOsNanos();
        double ratio = checkedOs > 0 ? checkedSampled / (double) checkedOs : Double.NaN;
        if (!(Math.abs(ratio - 1) <= TOLERANCE)) {
            caveats.add(0, String.format("sampled CPU (%.0f ms at %.2f ms a sample) and the OS's %.0f ms for the same"
                    + " threads differ by %+.0f%%, more than ±%.0f%%: the profiler missed part of the server's work",
                    checkedSampled / 1e6, intervalNanos / 1e6, checkedOs / 1e6, (ratio - 1) * 100, TOLERANCE * 100));
        }
        return new CpuBreakdown(unit, units, total, intervalNanos, osCpuNanos, checkedSampled, checkedOs, parts,
                kernelFrames, caveats);
    }

    public long sampledNanos() {
        return samples * intervalNanos;
    }

    /**
     * Sampled CPU time over OS-measured CPU time, for the threads the OS accounts precisely;
     * 1.0 is perfect agreement.
     */
    public double sampledToOs() {
        return checkedOsNanos > 0 ? checkedSampledNanos / (double) checkedOsNanos : Double.NaN;
    }

    public boolean agreesWithOs() {
        return Math.abs(sampledToOs() - 1) <= TOLERANCE;
    }

    /** The server's whole CPU per unit of work in µs; NaN when units are unknown. */
    public double totalMicrosPerUnit() {
        return units > 0 ? osCpuNanos / 1e3 / units : Double.NaN;
    }

    public Part part(CpuCategory category) {
        return parts.stream().filter(p -> p.category() == category).findFirst().orElseThrow();
    }

    /**
     * sendmsg() and recvmsg() as a share of transport CPU (everything but TLS), the figure the
     * study gives in its Table 2 (picoquic 40.9%, quicly 79.0%). Loopback delivery and a JVM's
     * runtime (GC, JIT) are left out of both: the study's client was on another machine and its
     * servers were C.
     */
    public double ioShareOfTransport() {
        double transport = 1 - part(CpuCategory.TLS).share() - part(CpuCategory.SOFTIRQ).share()
                - part(CpuCategory.RUNTIME).share();
        return (part(CpuCategory.SENDMSG).share() + part(CpuCategory.RECVMSG).share()) / transport;
    }
}
