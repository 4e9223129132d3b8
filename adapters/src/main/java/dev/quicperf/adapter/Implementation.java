package dev.quicperf.adapter;

import dev.quicperf.adapter.load.LoadOptions;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A QUIC implementation as the suite sees it: a value that says how to launch its server and
 * its load client. It never runs anything itself, so an environment is free to put the same
 * server on the host, in a container or in a VM.
 */
public interface Implementation {

    /** Short, stable id used in the matrix, budgets and reports, e.g. {@code kwik}. */
    String id();

    /** Version of the QUIC stack under test (not of this adapter). */
    String version();

    /** Application protocols this implementation's server and client speak, e.g. {@code perf}. */
    Set<String> protocols();

    Launch serverLaunch(ServerOptions options);

    Launch clientLaunch(ClientOptions options);

    /**
     * The load client: one process driving many connections (response-time, rps, handshakes),
     * printing one {@link dev.quicperf.adapter.load.LoadReport}.
     */
    Launch loadClientLaunch(LoadOptions options);

    /**
     * Frame rules only this stack knows (its TLS and crypto code, its ACK and recovery code,
     * its own I/O wrappers), added to the common rules of the CPU breakdown. They ship as a
     * rule file with the implementation; see {@link CpuRules}.
     */
    CpuRules cpuRules();

    /**
     * What the goodput client should download before the download it times, in the same
     * process ({@link ClientOptions#warmupBytes()}): enough for a JIT-compiled client to have
     * compiled its receive path, so that the timed download measures the server rather than the
     * client's compiler. 0, the default, for a client that needs none (native code).
     */
    default long clientWarmupBytes() {
        return 0;
    }

    /**
     * The I/O modes its server can run ({@link ServerOptions#ioMode()}), its default first.
     * Most stacks have one way to move datagrams, and that is what they declare.
     */
    default List<IoMode> ioModes() {
        return List.of(IoMode.NIO);
    }

    /** Why this host cannot run the server in {@code mode} (a native transport missing), or empty. */
    default Optional<String> ioModeUnavailable(IoMode mode) {
        return ioModes().contains(mode) ? Optional.empty() : Optional.of(id() + " has no I/O mode " + mode.id());
    }

    /**
     * How the environment knows that the server of {@code server} (a launch this implementation
     * made) is listening; our own servers print a READY line with the port they picked.
     */
    default Readiness readiness(Launch server) {
        return Readiness.READY_LINE;
    }

    /**
     * How long its clients wait between writing {@link PhaseMarks#BEGIN} and starting the work
     * they time, for the harness to read the server's CPU and attach its profiler: longer for a
     * native server, which is profiled with Linux perf ({@link PhaseMarks#NATIVE_SETTLE_MILLIS}).
     */
    default java.time.Duration phaseSettle() {
        return java.time.Duration.ofMillis(PhaseMarks.SETTLE_MILLIS);
    }

    /**
     * Why this host cannot run the stack at all (its binary missing or not built), in words that
     * say how to get it; empty when it can. Its cells are skipped with this reason.
     */
    default Optional<String> unavailableBecause() {
        return Optional.empty();
    }

    /**
     * Why it has no load client for the response-time, rps and handshakes cells (which are then
     * skipped with this reason), or empty when {@link #loadClientLaunch} works.
     */
    default Optional<String> loadClientUnavailable() {
        return Optional.empty();
    }

    /**
     * Whether its server writes a {@link ConnectionStatsLine} for each connection. Without one the
     * harness has no packet count where the server shares the host's network namespace, so it
     * reports CPU per MB but not per packet.
     */
    default boolean reportsPackets() {
        return true;
    }

    /** How its client checks what it received, in words for reports. */
    default String payloadCheck() {
        return "every byte (quicperf's pattern)";
    }

    /** What the row stands for: a QUIC stack, or a reference measured beside the stacks. */
    default Role role() {
        return Role.QUIC_STACK;
    }

    /** The kinds of row in the goodput table (the study's Table 3 with its Apache2 row). */
    enum Role {
        /** A QUIC implementation under test. */
        QUIC_STACK,
        /** The same requests over TCP + TLS 1.3: what QUIC is usually compared with. */
        TCP_TLS_REFERENCE,
        /** Datagrams without QUIC or crypto through the same I/O path: the bound on any goodput. */
        UDP_CEILING
    }
}
