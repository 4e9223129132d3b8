package dev.quicperf.quicgo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs one of our Go programs to completion in a test; killed when it overruns. */
final class GoProgram {

    /** What a finished program left: exit code, stdout as bytes and text, stderr. */
    record Result(int exitCode, byte[] stdoutBytes, String stderr) {
        String stdout() {
            return new String(stdoutBytes, StandardCharsets.UTF_8);
        }
    }

    private GoProgram() {
    }

    static Result run(Path executable, List<String> args, Path dir, long timeoutMillis) throws Exception {
        List<String> argv = new ArrayList<>();
        argv.add(executable.toString());
        argv.addAll(args);
        Path out = Files.createTempFile(dir, executable.getFileName().toString(), ".out");
        Path err = Files.createTempFile(dir, executable.getFileName().toString(), ".err");
        Process p = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            if (!p.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                throw new AssertionError(String.join(" ", argv) + " still running after " + timeoutMillis
                        + " ms; stderr: " + Files.readString(err));
            }
            return new Result(p.exitValue(), Files.readAllBytes(out), Files.readString(err));
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
