package dev.quicperf.udpceiling;

import dev.quicperf.adapter.Args;
import dev.quicperf.adapter.ClientReport;
import java.io.PrintStream;
import java.util.Set;

/**
 * The udp-blast client: {@code --host --port --bytes --upload --timeout-ms --warmup-bytes}. Asks for
 * {@code --bytes} response bytes, verifies every one at its offset, and prints exactly one
 * {@link ClientReport} JSON line on stdout: handshake 0 (there is none), transfer time from the
 * request to the last byte. A warm-up transfer, when asked for, goes first on a socket of its own,
 * outside the phase marks. Exit 0 when every byte arrived and matched, 1 on any failure or timeout
 * (still with a report), 2 on bad arguments (an upload included: the protocol has none).
 */
public final class UdpCeilingClient {

    static final String PROGRAM = "udp-ceiling-client";

    private UdpCeilingClient() {
    }

    public static void main(String[] argv) {
        PrintStream stdout = System.out;
        // stdout carries the report only.
        System.setOut(System.err);
        PrintStream log = System.err;

        Download timed;
        Download warmup = null;
        try {
            Args args = Args.parse(PROGRAM, argv, Set.of("host", "port", "bytes", "upload", "timeout-ms", "warmup-bytes"));
            if (args.longValue("upload", 0, 0) != 0) {
                throw new IllegalArgumentException(PROGRAM + ": --upload must be 0: udp-blast carries no upload");
            }
            long timeoutMillis = args.longValue("timeout-ms", 1, 30_000);
            String host = args.string("host");
            int port = args.port("port");
            timed = new Download(log, PROGRAM, host, port, args.longValue("bytes", 0), timeoutMillis, true);
            long warmupBytes = args.longValue("warmup-bytes", 0, 0);
            if (warmupBytes > 0) {
                warmup = new Download(log, PROGRAM, host, port, warmupBytes, timeoutMillis, false);
            }
        } catch (IllegalArgumentException e) {
            log.println(e.getMessage());
            System.exit(2);
            return;
        }

        ClientReport report = warmup == null ? null : warmup.run();
        if (report == null || report.ok()) {
            report = timed.run();
        } else {
            report = new ClientReport(ClientReport.SCHEMA, UdpCeilingImplementation.ID, UdpCeilingImplementation.VERSION,
                    false, timed.length(), 0, 0, 0, 0, 0, 0, -1, 0,
                    "warm-up transfer of " + warmup.length() + " bytes failed: " + report.error());
        }
        stdout.println(report.toJson());
        stdout.flush();
        if (!report.ok()) {
            log.println(PROGRAM + ": " + report.error());
        }
        System.exit(report.ok() ? 0 : 1);
    }
}
