package dev.quicperf.suite;

import dev.quicperf.adapter.PhaseMarks;
import dev.quicperf.adapter.cpu.CpuSnapshot;
import dev.quicperf.adapter.cpu.CpuUsage;
import dev.quicperf.environment.RunningServer;
import dev.quicperf.environment.UdpCounters;
import java.util.Optional;

/**
 * Reads the server's CPU when a client announces the start and the end of its timed phase on
 * stderr ({@link PhaseMarks}), so the server's cost leaves out the client JVM's start and exit
 * (and, for load clients, connection set-up and warm-up). The marks reach the harness within a millisecond or so of being
 * written; against timed phases of a second or more that is noise.
 */
public final class TimedPhaseCpu {

    private final RunningServer server;
    private final Optional<ProfilerWindow> profiler;
    private volatile CpuSnapshot begin;
    private volatile CpuSnapshot end;
    private volatile Optional<UdpCounters> udpBegin = Optional.empty();
    private volatile Optional<UdpCounters> udpEnd = Optional.empty();
    private volatile String problem;

    public TimedPhaseCpu(RunningServer server) {
        this(server, Optional.empty());
    }

    /** Also opens {@code profiler}'s window when the timed phase begins and closes it when it ends. */
    public TimedPhaseCpu(RunningServer server, Optional<ProfilerWindow> profiler) {
        this.server = server;
        this.profiler = profiler;
    }

    /** What to do at the marks besides reading the CPU; failures are the window's to keep. */
    public interface ProfilerWindow {
        void open();

        void close(CpuSnapshot begin, CpuSnapshot end);
    }

    /** One line of the client's stderr. */
    public void accept(String line) {
        try {
            if (line.equals(PhaseMarks.BEGIN) && begin == null) {
                profiler.ifPresent(ProfilerWindow::open);
                begin = server.cpu();
                udpBegin = server.udpCounters();
            } else if (line.equals(PhaseMarks.END) && begin != null && end == null) {
                end = server.cpu();
                udpEnd = server.udpCounters();
                profiler.ifPresent(p -> p.close(begin, end));
            }
        } catch (RuntimeException e) {
            problem = "reading the server's CPU at '" + line + "' failed: " + e.getMessage();
        }
    }

    /** Why there is no usage, in words for a broken cell. */
    public String whyMissing() {
        if (problem != null) {
            return problem;
        }
        return begin == null ? "the load client never wrote '" + PhaseMarks.BEGIN + "' on stderr"
                : "the load client never wrote '" + PhaseMarks.END + "' on stderr";
    }

    /**
     * Datagrams the server's network namespace sent and received over the timed phase, where the
     * server has a namespace of its own and both marks arrived.
     */
    public Optional<UdpCounters> udp() {
        Optional<UdpCounters> b = udpBegin;
        Optional<UdpCounters> e = udpEnd;
        return b.isPresent() && e.isPresent() ? Optional.of(e.get().since(b.get())) : Optional.empty();
    }

    /** The server's CPU over the timed phase, when both marks arrived. */
    public Optional<CpuUsage> usage() {
        CpuSnapshot b = begin;
        CpuSnapshot e = end;
        return b != null && e != null ? Optional.of(e.since(b)) : Optional.empty();
    }
}
