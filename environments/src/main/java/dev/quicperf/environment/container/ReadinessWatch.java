package dev.quicperf.environment.container;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.quicperf.adapter.Readiness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;

/**
 * Keeps a container's stdout and stderr in the cell's log files and waits for its readiness
 * line. Unlike a log wait strategy it notices a server that exits first (its output ends, or the
 * container stops running) at once instead of sitting out the whole timeout.
 */
final class ReadinessWatch extends AbstractWaitStrategy implements Consumer<OutputFrame>, AutoCloseable {

    private final Readiness readiness;
    private final Writer stdout;
    private final Writer stderr;
    private final CompletableFuture<Integer> port = new CompletableFuture<>();
    private final StringBuilder partialOut = new StringBuilder();

    ReadinessWatch(Readiness readiness, Path stdoutLog, Path stderrLog, Duration timeout) throws IOException {
        this.readiness = readiness;
        this.stdout = Files.newBufferedWriter(stdoutLog, StandardCharsets.UTF_8);
        this.stderr = Files.newBufferedWriter(stderrLog, StandardCharsets.UTF_8);
        withStartupTimeout(timeout);
    }

    @Override
    public synchronized void accept(OutputFrame frame) {
        try {
            switch (frame.getType()) {
                case STDOUT -> {
                    String text = frame.getUtf8String();
                    stdout.write(text);
                    stdout.flush();
                    if (readiness.stream() == Readiness.Stream.STDOUT) {
                        scan(text);
                    }
                }
                case STDERR -> {
                    String text = frame.getUtf8String();
                    stderr.write(text);
                    stderr.flush();
                    if (readiness.stream() == Readiness.Stream.STDERR) {
                        scan(text);
                    }
                }
                case END -> port.completeExceptionally(new IllegalStateException("its output ended"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Frames split lines anywhere: match whole lines only. */
    private void scan(String text) {
        partialOut.append(text);
        int newline;
        while ((newline = partialOut.indexOf("\n")) >= 0) {
            String line = partialOut.substring(0, newline);
            partialOut.delete(0, newline + 1);
            OptionalInt p = readiness.port(line.strip());
            if (p.isPresent()) {
                port.complete(p.getAsInt());
            }
        }
    }

    @Override
    protected void waitUntilReady() {
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        while (true) {
            try {
                port.get(100, TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException e) {
                InspectContainerResponse.ContainerState state = waitStrategyTarget.getCurrentContainerInfo().getState();
                if (!Boolean.TRUE.equals(state.getRunning())) {
                    throw new ContainerLaunchException("server exited with code " + state.getExitCodeLong()
                            + " before announcing readiness");
                }
                if (System.nanoTime() > deadline) {
                    throw new ContainerLaunchException("server did not announce readiness within "
                            + startupTimeout.toSeconds() + " s");
                }
            } catch (ExecutionException e) {
                throw new ContainerLaunchException("server exited before announcing readiness ("
                        + e.getCause().getMessage() + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ContainerLaunchException("interrupted while waiting for the server to get ready");
            }
        }
    }

    /** The announced port; only after {@link #waitUntilReady} returned. */
    int port() {
        return port.join();
    }

    @Override
    public synchronized void close() throws IOException {
        try (stdout; stderr) {
            stdout.flush();
        }
    }
}
