package dev.quicperf.adapter;

import java.time.Duration;
import java.util.List;

/**
 * One client run: connect to {@code host:port}, open one bidirectional perf stream, upload
 * {@code uploadBytes}, ask for {@code responseBytes}, and give up after {@code timeout}.
 *
 * <p>With {@code warmupBytes} above 0 the client first downloads that many bytes on a connection
 * of its own, closes it, and only then marks and times the download it reports. A client in a
 * fresh process otherwise pays its JIT compiler and class loading inside the timed download,
 * and that, not the server, decides the goodput (measured: see docs/architecture.md). A failed
 * warm-up fails the run, with the warm-up named in the error.
 */
public record ClientOptions(String host, int port, long responseBytes, long uploadBytes, Duration timeout,
        long warmupBytes) {

    public ClientOptions {
        if (responseBytes < 0 || uploadBytes < 0 || warmupBytes < 0) {
            throw new IllegalArgumentException("byte counts must not be negative: response="
                    + responseBytes + " upload=" + uploadBytes + " warmup=" + warmupBytes);
        }
    }

    /** A run without a warm-up download. */
    public ClientOptions(String host, int port, long responseBytes, long uploadBytes, Duration timeout) {
        this(host, port, responseBytes, uploadBytes, timeout, 0);
    }

    public List<String> toArgs() {
        return List.of("--host", host, "--port", Integer.toString(port),
                "--bytes", Long.toString(responseBytes), "--upload", Long.toString(uploadBytes),
                "--timeout-ms", Long.toString(timeout.toMillis()), "--warmup-bytes", Long.toString(warmupBytes));
    }
}
