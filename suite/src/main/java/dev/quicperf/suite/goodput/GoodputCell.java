package dev.quicperf.suite.goodput;

import dev.quicperf.adapter.Implementation;
import dev.quicperf.environment.Environment;
import dev.quicperf.suite.ByteSize;
import java.util.Map;

/** One cell of the goodput matrix: an implementation's own client downloading one object from its server. */
public record GoodputCell(Implementation implementation, Environment environment, long size) {

    public static final String SCENARIO = "goodput";

    /** The coordinates budgets select on. */
    public Map<String, String> coordinates() {
        return Map.of("scenario", SCENARIO, "implementation", implementation.id(),
                "environment", environment.id(), "size", ByteSize.format(size));
    }

    /** A file-system-safe name, e.g. {@code goodput-kwik-linux-20MB}. */
    public String slug() {
        return SCENARIO + "-" + implementation.id() + "-" + environment.id() + "-" + ByteSize.format(size);
    }

    @Override
    public String toString() {
        return implementation.id() + " on " + environment.id() + ", " + ByteSize.format(size);
    }
}
