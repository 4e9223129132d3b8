package dev.quicperf.suite;

import dev.quicperf.adapter.Implementation;
import dev.quicperf.adapter.IoMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/** What the goodput and load matrices share about the I/O-mode axis. */
final class IoModeCells {

    private IoModeCells() {
    }

    /** The server's I/O modes with nio first, so that the others can be compared with it as they finish. */
    static List<IoMode> nioFirst(Implementation impl) {
        List<IoMode> modes = new ArrayList<>(impl.ioModes());
        if (modes.remove(IoMode.NIO)) {
            modes.add(0, IoMode.NIO);
        }
        return modes;
    }

    /** Skips the cell, with the transport's own reason, when this host cannot run the mode. */
    static void assumeRunnable(Implementation impl, IoMode mode) {
        Optional<String> unavailable = impl.ioModeUnavailable(mode);
        Assumptions.assumeTrue(unavailable.isEmpty(), () -> "skipped: I/O mode " + mode.id()
                + " cannot run here: " + unavailable.orElse(""));
    }
}
