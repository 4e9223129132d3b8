package dev.quicperf.suite.load;

import dev.quicperf.adapter.cpu.CpuUsage;
import dev.quicperf.adapter.load.LatencyHistograms;
import dev.quicperf.adapter.load.LoadReport;
import org.HdrHistogram.Histogram;

/**
 * One load-client run of a cell: its report, the server's CPU over the client's whole life
 * ({@code serverCpu}: connection set-up, warm-up and timed phase) and over the timed phase alone
 * ({@code serverCpuTimed}, read when the client marked the phase's start and end). A
 * {@code profiled} run had the server under the CPU profiler over its timed phase; it feeds the
 * breakdown only.
 */
public record LoadRun(int number, boolean warmup, boolean profiled, LoadReport report, CpuUsage serverCpu,
        CpuUsage serverCpuTimed) {

    /** Neither a warm-up nor a profiled run: one of those the headline numbers come from. */
    public boolean measured() {
        return !warmup && !profiled;
    }

    public String kind() {
        return warmup ? "warm-up" : profiled ? "profiled" : "measured";
    }

    /** Completed requests (handshakes) per second of the timed phase. */
    public double perSecond() {
        return report.perSecond();
    }

    /** Server CPU per request (or handshake) of the timed phase, in µs. */
    public double serverCpuMicrosPerRequest() {
        return report.completed() == 0 ? Double.NaN : serverCpuTimed.totalNanos() / 1e3 / report.completed();
    }

    /** The server's share of its core(s) over the timed phase: near 1.0 means the server set the pace. */
    public double serverCpuShare() {
        return report.durationNanos() > 0 ? serverCpuTimed.totalNanos() / (double) report.durationNanos() : Double.NaN;
    }

    public Histogram connectHistogram() {
        return LatencyHistograms.decode(report.connectHistogram());
    }

    public Histogram requestHistogram() {
        return LatencyHistograms.decode(report.requestHistogram());
    }

    /** 99th percentile of connection establishment, ms; NaN when the run had none. */
    public double connectP99Millis() {
        return p99(connectHistogram());
    }

    /** 99th percentile of request completion, ms; NaN when the run had none. */
    public double requestP99Millis() {
        return p99(requestHistogram());
    }

    private static double p99(Histogram h) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(99) / 1e6;
    }
}
