package dev.quicperf.adapter.cpu;

/**
 * CPU a process used over an interval. {@code totalNanos} is nanosecond-precise when
 * {@code precise}; otherwise it is the sum of user and system time at clock-tick resolution
 * (10 ms on most kernels), which short runs cannot resolve.
 */
public record CpuUsage(long totalNanos, long userNanos, long systemNanos, boolean precise) {
}
