package dev.quicperf.environment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Small helpers for the log files environments keep. */
public final class Logs {

    private Logs() {
    }

    /** The last {@code lines} lines of a log, for error messages; never throws. */
    public static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(" + log + " unreadable: " + e.getMessage() + ")";
        }
    }
}
