package dev.quicperf.external;

import dev.quicperf.adapter.ClientReport;
import dev.quicperf.adapter.PhaseMarks;
import dev.quicperf.external.StackDescriptor.Content;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs a foreign client that knows nothing of quicperf and turns what it did into a verified
 * {@link ClientReport}: it writes the phase marks around the client process, times it, and
 * checks the response it saved (length, and content where the server's is known) or reads its
 * numbers from its output.
 *
 * <p>What is timed is the client process from start to exit: handshake, transfer and its own
 * start-up and teardown, which for a native client is a few milliseconds. Such a cell's goodput
 * is therefore a little lower than the stack's transfer rate; at 2 KB the process is most of it
 * (see docs/stacks.md). Its CPU is the client's own (this JVM's reaped children), so the cell can
 * still say whether the client was the bottleneck.
 *
 * <p>Usage: {@code ForeignClient --id ID --version V --bytes N --upload U --timeout-ms T [--settle-ms S]
 * (--download FILE|- --content zeros|any | --bytes-regex R --seconds-regex R) -- EXECUTABLE ARGS...},
 * where ARGS may hold {@code ${downloads}}, the directory made for the response.
 */
public final class ForeignClient {

    /** The download "file" that means the client writes the response body to its stdout. */
    static final String STDOUT = "-";

    private ForeignClient() {
    }

    public static void main(String[] argv) {
        Map<String, String> opts = new LinkedHashMap<>();
        List<String> command = new ArrayList<>();
        int i = 0;
        for (; i < argv.length && !argv[i].equals("--"); i += 2) {
            if (i + 1 >= argv.length) {
                usage("option " + argv[i] + " has no value");
            }
            opts.put(argv[i], argv[i + 1]);
        }
        for (i++; i < argv.length; i++) {
            command.add(argv[i]);
        }
        if (command.isEmpty()) {
            usage("no client command after --");
        }
        Result r;
        try {
            r = new ForeignClient().run(opts, command);
        } catch (IOException | RuntimeException e) {
            r = Result.failed("the foreign client could not be run: " + e);
        }
        ClientReport report = new ClientReport(ClientReport.SCHEMA, required(opts, "--id"), required(opts, "--version"),
                r.error == null, Long.parseLong(required(opts, "--bytes")), r.received, r.verified, 0,
                0, r.nanos, r.nanos, r.cpuNanos, 0, r.error);
        System.out.println(report.toJson());
        System.out.flush();
        System.exit(r.error == null ? 0 : 1);
    }

    private Result run(Map<String, String> opts, List<String> template) throws IOException {
        long bytes = Long.parseLong(required(opts, "--bytes"));
        long timeoutMs = Long.parseLong(required(opts, "--timeout-ms"));
        if (Long.parseLong(opts.getOrDefault("--upload", "0")) > 0) {
            return Result.failed("this foreign client is driven by a download request only; it cannot upload");
        }
        Path downloads = Files.createTempDirectory("quicperf-downloads-");
        // A harness that gives up on this client sends SIGTERM: the response file goes with it.
        Thread cleanup = new Thread(() -> deleteTree(downloads), "quicperf-downloads-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            List<String> command = template.stream()
                    .map(a -> Template.fill(a, Map.of("downloads", downloads.toString()))).toList();
            Path output = downloads.resolve(".client-stdout");
            Path errors = downloads.resolve(".client-stderr");
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(output.toFile()).redirectError(errors.toFile());
            long cpuBefore = ChildCpu.nanos();
            PhaseMarks.begin(System.err, Long.parseLong(opts.getOrDefault("--settle-ms",
                    Long.toString(PhaseMarks.SETTLE_MILLIS))));
            long start = System.nanoTime();
            Process p = pb.start();
            p.getOutputStream().close();
            boolean exited;
            try {
                exited = p.waitFor(timeoutMs, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exited = false;
            }
            long nanos = System.nanoTime() - start;
            System.err.println(PhaseMarks.END);
            System.err.flush();
            if (!exited) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return Result.failed(command.get(0) + " did not finish within " + timeoutMs + " ms; its last stderr: "
                        + tail(errors));
            }
            long cpu = ChildCpu.nanos() - cpuBefore;
            if (p.exitValue() != 0) {
                return Result.failed(command.get(0) + " exited with code " + p.exitValue() + "; its last stderr: " + tail(errors));
            }
            String file = opts.get("--download");
            Result r = file != null
                    ? checkDownload(file.equals(STDOUT) ? output : downloads.resolve(file), bytes,
                            Content.valueOf(opts.getOrDefault("--content", "ANY")))
                    : readNumbers(Files.readString(output) + "\n" + Files.readString(errors), bytes,
                            Pattern.compile(required(opts, "--bytes-regex")),
                            Pattern.compile(required(opts, "--seconds-regex")), nanos);
            return r.error != null ? r : new Result(r.received, r.verified, r.nanos > 0 ? r.nanos : nanos, cpu, null);
        } finally {
            deleteTree(downloads);
        }
    }

    /** The response file: its length, and its bytes where the server's content is known. */
    static Result checkDownload(Path file, long bytes, Content content) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Result.failed("the client exited 0 but saved no " + file.getFileName() + " in its download directory");
        }
        long size = Files.size(file);
        if (size != bytes) {
            return Result.failed("the client saved " + size + " bytes, expected " + bytes);
        }
        if (content == Content.ZEROS) {
            long offset = 0;
            byte[] buf = new byte[1 << 16];
            try (InputStream in = Files.newInputStream(file)) {
                for (int n; (n = in.read(buf)) > 0; offset += n) {
                    for (int k = 0; k < n; k++) {
                        if (buf[k] != 0) {
                            return Result.failed("byte " + (offset + k) + " of the response is " + (buf[k] & 0xff)
                                    + ", expected 0 (the server's generated body)");
                        }
                    }
                }
            }
        }
        return new Result(size, size, 0, 0, null);
    }

    /** A client that reports its own numbers: bytes and seconds from its stdout and stderr. */
    static Result readNumbers(String text, long bytes, Pattern bytesRegex, Pattern secondsRegex, long wallNanos) {
        Matcher b = bytesRegex.matcher(text);
        Matcher s = secondsRegex.matcher(text);
        if (!b.find()) {
            String[] lines = text.strip().split("\n");
            return Result.failed("the client's output has no match for " + bytesRegex + "; its last line: "
                    + lines[lines.length - 1]);
        }
        long received = Long.parseLong(b.group(1));
        if (received != bytes) {
            return Result.failed("the client says it received " + received + " bytes, expected " + bytes);
        }
        long nanos = s.find() ? (long) (Double.parseDouble(s.group(1)) * 1e9) : wallNanos;
        return new Result(received, received, nanos, 0, null);
    }

    private static String tail(Path output) {
        try {
            List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("quicperf: could not delete " + dir + ": " + e.getMessage());
        }
    }

    private static String required(Map<String, String> opts, String name) {
        String v = opts.get(name);
        if (v == null) {
            usage("missing " + name);
        }
        return v;
    }

    private static void usage(String problem) {
        System.err.println("ForeignClient: " + problem + "\nusage: ForeignClient --id ID --version V --bytes N --upload U"
                + " --timeout-ms T (--download FILE --content ZEROS|ANY | --bytes-regex R --seconds-regex R) -- EXECUTABLE ARGS...");
        System.exit(2);
    }

    /** What the client did; {@code error} null when it did it right. */
    record Result(long received, long verified, long nanos, long cpuNanos, String error) {
        static Result failed(String why) {
            return new Result(0, 0, 0, 0, why);
        }
    }
}
