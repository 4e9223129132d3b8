package dev.quicperf.nettyquic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Diagnostics: CPU time of every thread of this process (JIT compilers and GC included) from
 * /proc, printed on stderr when {@code -Dquicperf.threadCpu=true}. Linux only; silent elsewhere.
 */
final class ThreadCpu {

    private ThreadCpu() {
    }

    static void print(String program) {
        Map<String, Long> ticksByName = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                String name = stat.substring(open + 1, close).replaceAll("[0-9]+$", "#");
                String[] fields = stat.substring(close + 2).split(" ");
                // Fields after the name start at 3 (state); utime is 14, stime 15.
                long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                ticksByName.merge(name, ticks, Long::sum);
            }
        } catch (IOException | RuntimeException e) {
            return;
        }
        StringBuilder line = new StringBuilder(program).append(": thread cpu ms");
        ticksByName.forEach((name, ticks) -> {
            if (ticks > 0) {
                line.append(" [").append(name).append("]=").append(ticks * 10);
            }
        });
        System.err.println(line);
    }
}
