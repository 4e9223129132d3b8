package dev.quicperf.suite.budget;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A quantity a budget can bound, in one canonical unit, with the units a budget may write it
 * in and the scenarios that produce it. Adding a metric means adding it here and producing it
 * in a scenario.
 */
public enum Metric {
    GOODPUT("goodput", Set.of("goodput"), "Mbps", Map.of("bps", 1e-6, "Kbps", 1e-3, "Mbps", 1.0, "Gbps", 1e3)),
    CPU_PER_MB("cpu_per_mb", Set.of("goodput"), "ms", Units.TIME_MS),
    /** Server CPU per QUIC packet it sent, from its own packet count (unprofiled runs). */
    CPU_PER_PACKET("cpu_per_packet", Set.of("goodput"), "us", Units.TIME_US),
    /**
     * {@link #CPU_PER_PACKET} of a cell against the same cell with its server in I/O mode nio,
     * from the same run (ratio of the means, 95% interval from Welch's t): holds what a faster
     * I/O mode buys, whatever the machine's speed.
     */
    CPU_PER_PACKET_VS_NIO("cpu_per_packet_vs_nio", Set.of("goodput"), "x", Map.of("x", 1.0)),
    /**
     * The sendmsg() part of the CPU breakdown per packet against nio's, same run: what GSO and
     * sendmmsg save, so a change that silently loses them fails. Its interval covers the
     * sampling error of the two shares.
     */
    SENDMSG_PER_PACKET_VS_NIO("sendmsg_per_packet_vs_nio", Set.of("goodput"), "x", Map.of("x", 1.0)),
    /**
     * {@link #GOODPUT} of a cell in another environment (a namespace, a container) against the
     * same cell on the host ({@code linux}), same run: what the environment costs.
     */
    GOODPUT_VS_LINUX("goodput_vs_linux", Set.of("goodput"), "x", Map.of("x", 1.0)),
    /** {@link #CPU_PER_PACKET} of a cell in another environment against the same cell on the host, same run. */
    CPU_PER_PACKET_VS_LINUX("cpu_per_packet_vs_linux", Set.of("goodput"), "x", Map.of("x", 1.0)),
    /**
     * {@link #GOODPUT} against the raw-UDP ceiling (udp-ceiling) of the same size and
     * environment, same run: the share of what the path can carry at all.
     */
    GOODPUT_VS_UDP_CEILING("goodput_vs_udp_ceiling", Set.of("goodput"), "x", Map.of("x", 1.0)),
    /** {@link #GOODPUT} against TCP + TLS 1.3 (tcp-tls) of the same size and environment, same run. */
    GOODPUT_VS_TCP_TLS("goodput_vs_tcp_tls", Set.of("goodput"), "x", Map.of("x", 1.0)),
    REQUESTS_PER_SECOND("requests_per_second", Set.of("rps", "response-time"), "req/s", Map.of("req/s", 1.0)),
    HANDSHAKES_PER_SECOND("handshakes_per_second", Set.of("handshakes"), "hs/s", Map.of("hs/s", 1.0)),
    /** The 99th percentile of connection establishment time, per run; budgets bound its mean over runs. */
    CONNECT_P99("connect_p99", Set.of("response-time", "handshakes"), "ms", Units.TIME_MS),
    /** The 99th percentile of request completion time, per run. */
    REQUEST_P99("request_p99", Set.of("rps", "response-time"), "ms", Units.TIME_MS),
    /** Server CPU per request served (per handshake in the handshakes scenario). */
    CPU_PER_REQUEST("cpu_per_request", Set.of("rps", "response-time", "handshakes"), "us",
            Units.TIME_US);

    public final String key;
    public final Set<String> scenarios;
    public final String unit;
    private final Map<String, Double> units;

    Metric(String key, Set<String> scenarios, String unit, Map<String, Double> units) {
        this.key = key;
        this.scenarios = scenarios;
        this.unit = unit;
        this.units = units;
    }

    /**
     * What a cell must have beside it in the same run for this metric to exist, when it compares
     * the cell with a sibling that a run may leave out (its nio cell, its host cell).
     */
    public Optional<String> needsSibling() {
        return switch (this) {
            case CPU_PER_PACKET_VS_NIO, SENDMSG_PER_PACKET_VS_NIO -> Optional.of("this size's nio cell (and, for a"
                    + " breakdown part, the profiled runs) earlier in the same run");
            case GOODPUT_VS_LINUX, CPU_PER_PACKET_VS_LINUX -> Optional.of("the same cell on linux earlier in the same"
                    + " run");
            case GOODPUT_VS_UDP_CEILING -> Optional.of("the udp-ceiling cell of this size and environment earlier in"
                    + " the same run");
            case GOODPUT_VS_TCP_TLS -> Optional.of("the tcp-tls cell of this size and environment earlier in the same"
                    + " run");
            default -> Optional.empty();
        };
    }

    /**
     * Where a cell's {@code cell.json} keeps this metric's summary, so an earlier run can serve
     * as a baseline; empty for the ratios that already compare two cells of one run.
     */
    public Optional<String> cellJsonKey() {
        return switch (this) {
            case GOODPUT -> Optional.of("goodputMbps");
            case CPU_PER_MB -> Optional.of("serverCpuMsPerMB");
            case CPU_PER_PACKET -> Optional.of("serverCpuMicrosPerPacket");
            case REQUESTS_PER_SECOND, HANDSHAKES_PER_SECOND -> Optional.of("perSecond");
            case CONNECT_P99 -> Optional.of("connectP99Ms");
            case REQUEST_P99 -> Optional.of("requestP99Ms");
            case CPU_PER_REQUEST -> Optional.of("serverCpuMicrosPerRequest");
            case CPU_PER_PACKET_VS_NIO, SENDMSG_PER_PACKET_VS_NIO, GOODPUT_VS_LINUX, CPU_PER_PACKET_VS_LINUX,
                    GOODPUT_VS_UDP_CEILING, GOODPUT_VS_TCP_TLS -> Optional.empty();
        };
    }

    public static Optional<Metric> byKey(String key) {
        return Arrays.stream(values()).filter(m -> m.key.equals(key)).findFirst();
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(m -> m.key).toList();
    }

    /** Factor from {@code unit} to this metric's canonical unit, if the unit fits. */
    public Optional<Double> factor(String unit) {
        return Optional.ofNullable(units.get(unit));
    }

    public List<String> unitNames() {
        return units.keySet().stream().sorted().toList();
    }

    private static final class Units {
        static final Map<String, Double> TIME_MS = Map.of("ns", 1e-6, "us", 1e-3, "µs", 1e-3, "ms", 1.0, "s", 1e3);
        static final Map<String, Double> TIME_US = Map.of("ns", 1e-3, "us", 1.0, "µs", 1.0, "ms", 1e3);
    }
}
