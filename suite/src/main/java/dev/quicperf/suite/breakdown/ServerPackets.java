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
     * Packets sent on the connections that ended after {@code mark}, once {@code connections}
     * of them have; empty when they did not within {@code wait}.
     */
    public Optional<Long> since(int mark, int connections, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            List<ConnectionStatsLine> all = lines();
            if (all.size() >= mark + connections) {
                return Optional.of(all.subList(mark, all.size()).stream().mapToLong(ConnectionStatsLine::packetsSent).sum());
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
