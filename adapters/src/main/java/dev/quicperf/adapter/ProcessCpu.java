package dev.quicperf.adapter;

import java.lang.management.ManagementFactory;

/** CPU time this JVM has used, all threads, user and system; -1 where the JVM cannot tell. */
public final class ProcessCpu {

    private ProcessCpu() {
    }

    public static long nanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
