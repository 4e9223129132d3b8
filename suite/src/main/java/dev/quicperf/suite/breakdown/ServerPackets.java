package dev.quicperf.suite.breakdown;

import dev.quicperf.adapter.ConnectionStatsLine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Packets a server put on the wire, summed from the {@link ConnectionStatsLine}s it writes on
 * stdout as its connections end. A server writes one when it has processed the client's
 * close, which may be a moment after the client process has exited: {@link #since} waits for it.
 */
public final class ServerPackets {

    private final Path stdoutLog;

    public ServerPackets(Path stdoutLog) {
        this.stdoutLog = stdoutLog;
    }

    /** How many connections have ended so far: a mark to count from. */
    public int mark() {
        return lines().size();
    }

    /**
     * Packets sent on the connection from client port {@code peerPort} that ended after
     * {@code mark}; empty when it did not within {@code wait}. By port, because a client's
     * warm-up connection may end after its timed one: the server holds a closed connection for
     * three probe timeouts, and a bulk warm-up leaves a long one.
     */
    public Optional<Long> of(int peerPort, int mark, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            List<ConnectionStatsLine> all = lines();
            Optional<Long> sent = all.subList(Math.min(mark, all.size()), all.size()).stream()
                    .filter(line -> line.peerPort() == peerPort).map(ConnectionStatsLine::packetsSent).findFirst();
            if (sent.isPresent()) {
                return sent;
            }
            if (System.nanoTime() > deadline) {
                return Optional.empty();
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    private List<ConnectionStatsLine> lines() {
        try {
            return Files.readAllLines(stdoutLog, StandardCharsets.UTF_8).stream()
                    .map(ConnectionStatsLine::parse).flatMap(Optional::stream).toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
