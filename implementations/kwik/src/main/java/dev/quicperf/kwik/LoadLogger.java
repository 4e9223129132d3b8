package dev.quicperf.kwik;

import dev.quicperf.adapter.PerfProtocol;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import tech.kwik.core.log.BaseLogger;

/**
 * kwik's logger for the load client's connections: errors and warnings on stderr, like
 * {@link StderrLogger}, but rationed across all connections of the process. A load run opens
 * thousands of connections; a message kwik prints once per connection would otherwise cost the
 * client CPU in the timed phase and flood the cell's log.
 */
final class LoadLogger extends BaseLogger {

    /** Shared by every connection: at most 20 kwik lines a second from the whole process. */
    private static final PerfProtocol.LogRation RATION = new PerfProtocol.LogRation(20);

    /* For diagnosis only: -Dquicperf.kwik.logPackets=true logs every packet of every connection, unrationed. */
    private static final boolean LOG_PACKETS = Tuning.booleanProperty("logPackets", false);

    private final PrintStream err;
    private final String prefix;

    /** @param connection the connection's number in this process, so interleaved lines can be told apart */
    LoadLogger(PrintStream err, long connection) {
        this.err = err;
        this.prefix = "kwik #" + connection + ": ";
        logWarning(true);
        if (LOG_PACKETS) {
            logPackets(true);
            logRecovery(true);
            logInfo(true);
            timeFormat(TimeFormat.Long);
        }
    }

    @Override
    protected void log(String message) {
        print(message, null);
    }

    @Override
    protected void log(String message, Throwable ex) {
        print(message, ex);
    }

    @Override
    protected void logWithHexDump(String message, byte[] data, int length) {
        print(message, null);
    }

    @Override
    protected void logWithHexDump(String message, ByteBuffer data, int offset, int length) {
        print(message, null);
    }

    private void print(String message, Throwable ex) {
        String line = LOG_PACKETS ? prefix + message : RATION.admit(prefix + message, System.nanoTime());
        if (line == null) {
            return;
        }
        synchronized (err) {
            err.println(line);
            if (ex != null) {
                ex.printStackTrace(err);
            }
        }
    }
}
