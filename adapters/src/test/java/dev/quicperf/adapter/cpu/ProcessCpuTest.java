package dev.quicperf.adapter.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProcessCpuTest {

    @Test
    void countsCpuBelowTheClockTick() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        ProcessCpu.Mark mark = ProcessCpu.mark();
        long start = threads.getCurrentThreadCpuTime();
        long spin = TimeUnit.MILLISECONDS.toNanos(3);
        long sink = 0;
        while (threads.getCurrentThreadCpuTime() - start < spin) {
            sink += System.nanoTime() & 1;
        }
        long used = mark.nanosUsed();
        // Clock ticks (10 ms) would read 3 ms of work as 0 or 10 ms.
        assertThat(used).as("CPU used, ns (sink %d)", sink).isGreaterThanOrEqualTo(spin)
                .isLessThan(spin + TimeUnit.MILLISECONDS.toNanos(100));
    }

    @Test
    void readsTheTickRateTheKernelReports() throws Exception {
        Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
        long hz = Long.parseLong(new String(getconf.getInputStream().readAllBytes()).strip());
        CpuSnapshot self = ProcCpu.forThisHost().readSelf();
        assertThat(self.tickNanos()).isEqualTo(1_000_000_000L / hz);
        assertThat(self.threadRunNanos()).as("one entry per live thread").isNotEmpty();
    }
}
