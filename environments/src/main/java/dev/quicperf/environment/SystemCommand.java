package dev.quicperf.environment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A short administrative command (ip, tc) run to completion, its failure an exception that quotes it. */
final class SystemCommand {

    private SystemCommand() {
    }

    /** Output of a command that succeeded. */
    static String run(List<String> argv) throws IOException {
        Result r = attempt(argv);
        if (r.exitCode() != 0) {
            throw new IOException("'" + String.join(" ", argv) + "' failed (exit " + r.exitCode() + "): "
                    + r.output().strip());
        }
        return r.output();
    }

    record Result(int exitCode, String output) {
    }

    /** Exit code and merged output; a command that hangs for 10 s is killed and reported as exit -1. */
    static Result attempt(List<String> argv) throws IOException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, out + " (killed after 10 s)");
            }
            return new Result(p.exitValue(), out);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running '" + String.join(" ", argv) + "'", e);
        }
    }
}
