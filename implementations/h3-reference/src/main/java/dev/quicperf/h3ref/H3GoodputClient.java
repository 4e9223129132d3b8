package dev.quicperf.h3ref;

import dev.quicperf.adapter.Args;
import dev.quicperf.adapter.ClientReport;
import java.io.PrintStream;
import java.util.Set;

/**
 * The reference HTTP/3 goodput client: one connection (ALPN h3, no certificate check), one
 * {@code GET /<bytes>} (a {@code POST /<bytes>} carrying {@code --upload} bytes of the payload
 * pattern when that is above 0), the response's DATA counted as it streams in and never held.
 * Same command line as our perf clients ({@link dev.quicperf.adapter.ClientOptions#toArgs()}),
 * and exactly one {@link ClientReport} JSON line on stdout.
 *
 * <p>The response is checked for :status 200, its content-length where the server sent one, and
 * exactly {@code --bytes} bytes before the FIN; a foreign server's body is not our payload
 * pattern, so {@code bytesVerified} means length-checked here (see {@link ResponseCheck}).
 *
 * <p>{@code --warmup-bytes} first downloads that much, untimed, on a connection of its own, in
 * requests of at most {@link #WARMUP_REQUEST_BYTES} one after the other, so that a server's limit
 * on generated responses (ngtcp2: --max-dyn-length, 20M by default) does not fail the warm-up.
 *
 * <p>Exit status: 0 when the response was complete and passed its checks, 1 otherwise (the report
 * says why), 2 for bad arguments.
 */
public final class H3GoodputClient {

    static final String PROGRAM = "h3-reference-client";

    /** Largest single warm-up request: below ngtcp2's default --max-dyn-length (20 MiB). */
    static final long WARMUP_REQUEST_BYTES = 10_000_000;

    private H3GoodputClient() {
    }

    record Options(String host, int port, long bytes, long upload, long timeoutMillis, long warmupBytes) {
    }

    public static void main(String[] argv) {
        Options options;
        try {
            Args args = Args.parse(PROGRAM, argv, Set.of("host", "port", "bytes", "upload", "timeout-ms",
                    "warmup-bytes"));
            options = new Options(args.string("host"), args.port("port"), args.longValue("bytes", 0),
                    args.longValue("upload", 0), args.longValue("timeout-ms", 1), args.longValue("warmup-bytes", 0, 0));
            H3ClientSettings.address(PROGRAM, options.host()); // an unknown host is a bad argument too
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        // Only the report goes to stdout, whatever a library prints.
        PrintStream stdout = System.out;
        System.setOut(System.err);

        ClientReport report;
        try {
            String warmupError = options.warmupBytes() == 0 ? null : warmUp(options);
            report = warmupError == null
                    ? new H3Download(options, new long[] {options.bytes()}, options.upload(), true).execute()
                    : failureBeforeStart(options, "warm-up download of " + options.warmupBytes() + " bytes failed: "
                            + warmupError);
        } catch (Throwable t) {
            t.printStackTrace();
            report = failureBeforeStart(options, "client failed to start: " + Failures.describe(t));
        }
        stdout.println(report.toJson());
        stdout.flush();
        System.exit(report.ok() ? 0 : 1);
    }

    /** The untimed warm-up on a connection of its own; its error, or null when it succeeded. */
    private static String warmUp(Options options) throws Exception {
        ClientReport report = new H3Download(options, warmupSizes(options.warmupBytes()), 0, false).execute();
        return report.ok() ? null : report.error();
    }

    /** {@code total} bytes as requests of at most {@link #WARMUP_REQUEST_BYTES}, the last one the rest. */
    static long[] warmupSizes(long total) {
        int count = (int) ((total + WARMUP_REQUEST_BYTES - 1) / WARMUP_REQUEST_BYTES);
        long[] sizes = new long[count];
        for (int i = 0; i < count; i++) {
            sizes[i] = Math.min(WARMUP_REQUEST_BYTES, total - i * WARMUP_REQUEST_BYTES);
        }
        return sizes;
    }

    private static ClientReport failureBeforeStart(Options options, String error) {
        return new ClientReport(ClientReport.SCHEMA, H3Reference.ID, H3Reference.version(), false, options.bytes(),
                0, 0, 0, 0, 0, 0, 0, 0, error);
    }
}
