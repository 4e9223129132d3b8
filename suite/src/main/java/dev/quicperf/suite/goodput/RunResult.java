package dev.quicperf.suite.goodput;

import dev.quicperf.adapter.ClientReport;
import dev.quicperf.adapter.cpu.CpuUsage;

/**
 * One download of a cell: what the client reported, the server CPU it cost and the packets the
 * server sent for it ({@code packetsSent}, -1 when the server did not say). Where the server has a
 * network namespace to itself, {@code wireDatagramsSent} is what the kernel counted leaving it
 * between the client's phase marks (-1 elsewhere): the server's own count, to a packet, for a
 * server that sends one datagram per call, but one per batch for a UDP GSO send, which is why
 * CPU per packet uses the server's count. A {@code profiled}
 * run had the server under the CPU profiler and feeds only the breakdown and the profiler's
 * overhead, never the headline numbers.
 */
public record RunResult(int number, boolean warmup, boolean profiled, ClientReport report, CpuUsage serverCpu,
        long packetsSent, long wireDatagramsSent) {

    /** Neither a warm-up nor a profiled run: one of those the headline numbers come from. */
    public boolean measured() {
        return !warmup && !profiled;
    }

    public String kind() {
        return warmup ? "warm-up" : profiled ? "profiled" : "measured";
    }

    /** Server CPU per packet it sent, in µs; NaN when the packets are unknown. */
    public double serverCpuMicrosPerPacket() {
        return packetsSent > 0 ? serverCpu.totalNanos() / 1e3 / packetsSent : Double.NaN;
    }

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
