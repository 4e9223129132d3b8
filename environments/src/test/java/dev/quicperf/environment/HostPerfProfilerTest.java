package dev.quicperf.environment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicperf.adapter.CpuCategory;
import dev.quicperf.adapter.cpu.CpuSnapshot;
import dev.quicperf.adapter.cpu.ProcCpu;
import dev.quicperf.environment.profile.CollapsedStacks;
import dev.quicperf.environment.profile.StackClassifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** perf against a real native process: OpenSSL encrypting with AES-GCM in a loop. */
class HostPerfProfilerTest {

    private static final Path OPENSSL = Path.of("/usr/bin/openssl");

    @Test
    void sampledStacksOfANativeCryptoLoopAreTlsAndAddUpToItsCpuTime(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(HostPerfProfiler.PERF), "no " + HostPerfProfiler.PERF
                + " (Debian: apt-get install linux-perf): native profiling not tested");
        Assumptions.assumeTrue(Files.isExecutable(OPENSSL), "no " + OPENSSL + ": nothing native to profile");
        ProcessReaper reaper = new ProcessReaper();
        Process openssl = reaper.start(new ProcessBuilder(OPENSSL.toString(), "speed", "-seconds", "6", "-evp",
                "aes-128-gcm").redirectErrorStream(true).redirectOutput(dir.resolve("openssl.out").toFile()));
        try {
            HostPerfProfiler perf = new HostPerfProfiler(openssl.pid(), dir, reaper);
            assertThat(perf.unavailableBecause()).isEmpty();
            Thread.sleep(300);
            long interval = perf.start(1_000_000);
            CpuSnapshot before = ProcCpu.forThisHost().read(openssl.pid());
            Thread.sleep(1500);
            CpuSnapshot after = ProcCpu.forThisHost().read(openssl.pid());
            CollapsedStacks stacks = perf.stop(dir.resolve("window.collapsed"));

            assertThat(Files.isRegularFile(dir.resolve("window.collapsed"))).isTrue();
            Map<CpuCategory, Long> tally = StackClassifier.withCommonRules(dev.quicperf.adapter.CpuRules.none())
                    .tally(stacks);
            long total = stacks.totalSamples();
            assertThat(tally.get(CpuCategory.TLS)).as("AES-GCM samples of %s", tally).isGreaterThan(total / 2);
            double sampledToOs = total * interval / (double) after.since(before).totalNanos();
            assertThat(sampledToOs).as("samples × interval / OS CPU").isBetween(0.85, 1.15);
        } finally {
            reaper.destroy(openssl, 1000);
        }
    }
}
