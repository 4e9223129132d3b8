package dev.quicperf.suite.goodput;

import dev.quicperf.adapter.Implementation;
import dev.quicperf.adapter.IoMode;
import dev.quicperf.environment.Environment;
import dev.quicperf.suite.ByteSize;
import java.util.Map;

/**
 * One cell of the goodput matrix: an implementation's own client downloading one object from
 * its server, which moves its datagrams in {@code ioMode}.
 */
public record GoodputCell(Implementation implementation, IoMode ioMode, Environment environment, long size) {

    public static final String SCENARIO = "goodput";

    /** A cell in the implementation's default I/O mode. */
    public GoodputCell(Implementation implementation, Environment environment, long size) {
        this(implementation, implementation.ioModes().get(0), environment, size);
    }

    /** Whether the server runs as it does unless told otherwise; budgets that name no I/O mode select these. */
    public boolean defaultIoMode() {
        return ioMode == implementation.ioModes().get(0);
    }

    /** The coordinates budgets select on. */
    public Map<String, String> coordinates() {
        return Map.of("scenario", SCENARIO, "implementation", implementation.id(), "io", ioMode.id(),
                "environment", environment.id(), "size", ByteSize.format(size),
                dev.quicperf.suite.budget.Selector.DEFAULT_IO, Boolean.toString(defaultIoMode()));
    }

    /** A file-system-safe name, e.g. {@code goodput-netty-quic-epoll+gso-linux-20MB}. */
    public String slug() {
        return SCENARIO + "-" + implementation.id() + "-" + ioMode.id() + "-" + environment.id() + "-"
                + ByteSize.format(size);
    }

    @Override
    public String toString() {
        return implementation.id() + " (" + ioMode.id() + ") on " + environment.id() + ", " + ByteSize.format(size);
    }
}
