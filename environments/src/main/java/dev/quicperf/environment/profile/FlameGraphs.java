package dev.quicperf.environment.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import one.convert.Arguments;
import one.convert.FlameGraph;

/** Interactive HTML flame graphs from collapsed stacks, drawn by async-profiler's own converter. */
public final class FlameGraphs {

    private FlameGraphs() {
    }

    /** Writes {@code stacks} as a self-contained HTML flame graph. */
    public static void write(CollapsedStacks stacks, Path html, String title) throws IOException {
        Path collapsed = Files.createTempFile(html.toAbsolutePath().getParent(), "flame", ".collapsed");
        try {
            stacks.write(collapsed);
            FlameGraph.convert(collapsed.toString(), html.toString(), new Arguments("--title", title));
        } finally {
            Files.deleteIfExists(collapsed);
        }
    }
}
