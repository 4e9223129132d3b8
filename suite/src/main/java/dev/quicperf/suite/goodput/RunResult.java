package dev.quicperf.suite.goodput;

import dev.quicperf.adapter.ClientReport;
import dev.quicperf.environment.CpuUsage;

/** One download of a cell: what the client reported and the server CPU it cost. */
public record RunResult(int number, boolean warmup, ClientReport report, CpuUsage serverCpu) {

    /** Verified bytes over the transfer time (request written to FIN received), in Mbps. */
    public double goodputMbps() {
        return report.bytesVerified() * 8.0 * 1e3 / report.transferNanos();
    }

    /** Server CPU time per MB (10^6 bytes) delivered, in ms. */
    public double serverCpuMsPerMB() {
        return serverCpu.totalNanos() / 1e6 / (report.bytesVerified() / 1e6);
    }

    /**
     * Client CPU over the run as a share of what its cores could give ({@code clientCores} of
     * them, over the run's wall time): near 1.0 means the client was the bottleneck.
     */
    public double clientCpuShare(int clientCores) {
        return report.totalNanos() > 0 && report.clientCpuNanos() >= 0
                ? report.clientCpuNanos() / (report.totalNanos() * (double) Math.max(1, clientCores)) : Double.NaN;
    }
}
