package dev.quicperf.adapter;

import java.time.Duration;
import java.util.List;

/**
 * One client run: connect to {@code host:port}, open one bidirectional perf stream, upload
 * {@code uploadBytes}, ask for {@code responseBytes}, and give up after {@code timeout}.
 */
public record ClientOptions(String host, int port, long responseBytes, long uploadBytes, Duration timeout) {

    public ClientOptions {
        if (responseBytes < 0 || uploadBytes < 0) {
            throw new IllegalArgumentException("byte counts must not be negative: response="
                    + responseBytes + " upload=" + uploadBytes);
        }
    }

    public List<String> toArgs() {
        return List.of("--host", host, "--port", Integer.toString(port),
                "--bytes", Long.toString(responseBytes), "--upload", Long.toString(uploadBytes),
                "--timeout-ms", Long.toString(timeout.toMillis()));
    }
}
