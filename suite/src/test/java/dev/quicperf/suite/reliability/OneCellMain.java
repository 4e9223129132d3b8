package dev.quicperf.suite.reliability;

import dev.quicperf.environment.LinuxHostEnvironment;
import dev.quicperf.nettyquic.NettyQuicImplementation;
import dev.quicperf.suite.ByteSize;
import dev.quicperf.suite.Profile;
import dev.quicperf.suite.goodput.GoodputCell;
import dev.quicperf.suite.goodput.GoodputRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A harness in a JVM of its own, running one long cell, for {@link InterruptTest} to interrupt. */
public final class OneCellMain {

    private OneCellMain() {
    }

    public static void main(String[] args) throws Exception {
        Profile profile = new Profile("interrupt", List.of(), 0, 50, 0, Duration.ofSeconds(30), java.util.Map.of(), 0, 0, false, List.of());
        GoodputCell cell = new GoodputCell(new NettyQuicImplementation(), LinuxHostEnvironment.pinnedDefault(),
                ByteSize.parse(args[1]));
        new GoodputRunner(profile).run(cell, Path.of(args[0]));
    }
}
