package dev.quicperf.kwik;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import tech.kwik.core.log.BaseLogger;

/**
 * kwik's logger, writing to stderr. kwik insists on a logger and its own SysOutLogger writes to
 * stdout, which in our processes belongs to the readiness line (server) and the report (client).
 * Only errors (always on in BaseLogger) and warnings are enabled, unless asked for more.
 */
final class StderrLogger extends BaseLogger {

    private final PrintStream err;
    private final String prefix;

    StderrLogger(PrintStream err, String prefix) {
        this.err = err;
        this.prefix = prefix;
        logWarning(true);
        // For diagnosis only: -Dquicperf.kwik.logPackets=true logs every packet sent and received.
        if (Tuning.booleanProperty("logPackets", false)) {
            logPackets(true);
            logRecovery(true);
            logInfo(true);
            timeFormat(TimeFormat.Long);
        }
    }

    @Override
    protected void log(String message) {
        synchronized (err) {
            err.println(prefix + message);
        }
    }

    @Override
    protected void log(String message, Throwable ex) {
        synchronized (err) {
            err.println(prefix + message);
            ex.printStackTrace(err);
        }
    }

    @Override
    protected void logWithHexDump(String message, byte[] data, int length) {
        synchronized (err) {
            err.println(prefix + message);
            err.println(byteToHexBlock(data, length));
        }
    }

    @Override
    protected void logWithHexDump(String message, ByteBuffer data, int offset, int length) {
        synchronized (err) {
            err.println(prefix + message);
            err.println(byteToHexBlock(data, offset, length));
        }
    }
}
