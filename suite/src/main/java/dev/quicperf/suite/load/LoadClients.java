package dev.quicperf.suite.load;

import dev.quicperf.adapter.Implementation;
import dev.quicperf.adapter.Launch;
import dev.quicperf.adapter.load.LoadOptions;
import dev.quicperf.h3ref.H3Reference;
import java.util.Optional;

/**
 * Which load client drives a stack's server: its own where it has one, as the study did; else,
 * for a server that speaks HTTP/3, the reference HTTP/3 load client (Netty's codec), so a stack
 * declared with a download client only still gets its response-time, rps and handshakes cells.
 * A cell says which one it used: numbers from two clients are not the same measurement.
 */
public final class LoadClients {

    static final String H3 = "h3";

    private LoadClients() {
    }

    /** Why no load client can drive {@code impl}'s server, or empty. */
    public static Optional<String> unavailable(Implementation impl) {
        Optional<String> own = impl.loadClientUnavailable();
        if (own.isEmpty() || impl.protocols().contains(H3)) {
            return Optional.empty();
        }
        return own;
    }

    public static Launch launch(Implementation impl, LoadOptions options) {
        return ownClient(impl) ? impl.loadClientLaunch(options) : H3Reference.loadClientLaunch(options);
    }

    /** For reports: whose client drove the server. */
    public static String describe(Implementation impl) {
        return ownClient(impl) ? "its own (" + impl.id() + ")"
                : "the reference HTTP/3 client (" + H3Reference.ID + ", " + H3Reference.version() + ")";
    }

    private static boolean ownClient(Implementation impl) {
        return impl.loadClientUnavailable().isEmpty();
    }
}
