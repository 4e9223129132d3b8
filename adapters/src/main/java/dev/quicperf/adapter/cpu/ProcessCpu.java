package dev.quicperf.adapter.cpu;

import java.io.IOException;
import java.lang.management.ManagementFactory;

/**
 * CPU time this JVM uses over an interval, all threads (JIT compilers and GC included), user
 * and system. On Linux it is the sum of the threads' scheduler run times, to the nanosecond;
 * the JVM's own counter ({@code times(2)}) moves in 10 ms clock ticks, as coarse as a whole
 * 2 MB download here.
 */
public final class ProcessCpu {

    private static final ProcCpu PROC = ProcCpu.forThisHost();

    private ProcessCpu() {
    }

    /** A reading to measure from. */
    public static Mark mark() {
        CpuSnapshot proc = readProc();
        // The JVM's counter only where /proc is not readable: every read here is inside the window it measures.
        return new Mark(proc, proc == null ? jvmNanos() : -1);
    }

    /** A point to measure CPU from; {@link #nanosUsed()} reads how much has been used since. */
    public static final class Mark {

        private final CpuSnapshot proc;
        private final long jvmNanos;

        private Mark(CpuSnapshot proc, long jvmNanos) {
            this.proc = proc;
            this.jvmNanos = jvmNanos;
        }

        /**
         * CPU used since this mark, in nanoseconds: precise unless a thread ended in between,
         * then at clock-tick resolution; -1 where neither /proc nor the JVM can tell.
         */
        public long nanosUsed() {
            CpuSnapshot now = proc == null ? null : readProc();
            if (now != null) {
                return now.since(proc).totalNanos();
            }
            long jvm = jvmNanos();
            return jvm < 0 || jvmNanos < 0 ? -1 : jvm - jvmNanos;
        }
    }

    private static CpuSnapshot readProc() {
        try {
            return PROC.readSelf();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long jvmNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
