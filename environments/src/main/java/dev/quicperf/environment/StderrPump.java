package dev.quicperf.environment;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Copies a client's stderr into its log file line by line and hands each line to a listener as
 * it arrives. Flushes every line, so the log is complete up to the last line even if the harness
 * dies; a listener that throws loses its own lines, never the log.
 */
final class StderrPump {

    private final Thread thread;

    private StderrPump(Thread thread) {
        this.thread = thread;
    }

    static StderrPump start(InputStream stderr, Path log, Consumer<String> listener, String name) throws IOException {
        Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
        Thread t = new Thread(() -> pump(stderr, out, listener), "stderr-" + name);
        t.setDaemon(true);
        t.start();
        return new StderrPump(t);
    }

    private static void pump(InputStream stderr, Writer out, Consumer<String> listener) {
        boolean listening = true;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8)); out) {
            for (String line; (line = in.readLine()) != null; ) {
                out.write(line);
                out.write('\n');
                out.flush();
                if (listening) {
                    try {
                        listener.accept(line);
                    } catch (RuntimeException e) {
                        listening = false;
                        out.write("[quicperf harness: stderr listener failed, ignoring it from here: " + e + "]\n");
                    }
                }
            }
        } catch (IOException e) {
            // The process ended or was killed; what was read is in the log.
        }
    }

    /** Waits for the copy to reach the end of the stream (the process has ended), at most {@code millis}. */
    void finish(long millis) {
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
