package dev.quicperf.environment;

import java.nio.file.Path;

/**
 * A server that listens. Closing it ends its whole process tree (or container, or VM),
 * whatever happened before.
 */
public interface RunningServer extends AutoCloseable {

    String host();

    int port();

    /** CPU the server has used so far; take one before and one after a run and subtract. */
    CpuSnapshot cpu();

    boolean isAlive();

    Path stdoutLog();

    Path stderrLog();

    @Override
    void close();
}
