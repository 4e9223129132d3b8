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

    /** How the environment knows the server is listening; our own servers print a READY line. */
    default Readiness readiness() {
        return Readiness.READY_LINE;
    }
}
