package dev.quicperf.external;

import dev.quicperf.adapter.cpu.ProcCpu;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of this process's children that have exited and been waited for (cutime + cstime
 * in /proc/self/stat): a foreign client's own CPU, read around its run.
 */
final class ChildCpu {

    private ChildCpu() {
    }

    static long nanos() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // Fields after the command name, which is in parentheses and may hold spaces.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[13]) + Long.parseLong(f[14]);
            return ticks * ProcCpu.forThisHost().readSelf().tickNanos();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
