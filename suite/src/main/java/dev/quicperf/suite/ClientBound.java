package dev.quicperf.suite;

import dev.quicperf.suite.stats.Summary;
import java.util.Optional;

/**
 * When a cell's numbers measure the client rather than the server: its client kept at least
 * {@link #SHARE} of the cores it was given busy, on average over the measured runs. On one
 * loopback machine whichever side is slower sets the pace, so such a cell says how fast the
 * client could go; reports flag it instead of presenting it as the server's number.
 */
public final class ClientBound {

    public static final double SHARE = 0.8;

    private ClientBound() {
    }

    /** @param share the client's CPU as a share of its cores, per measured run */
    public static boolean of(Optional<Summary> share) {
        return share.map(s -> s.mean() >= SHARE).orElse(false);
    }
}
