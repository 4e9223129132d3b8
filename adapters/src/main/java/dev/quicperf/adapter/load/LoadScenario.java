package dev.quicperf.adapter.load;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The many-connection scenarios a load client drives, after the study's response-time and RPS
 * experiments, plus a pure handshake rate.
 */
public enum LoadScenario {
    /** A new connection per request for a tiny object; connection time is the headline. */
    RESPONSE_TIME("response-time"),
    /** Persistent connections, each keeping requests outstanding; requests/s is the headline. */
    RPS("rps"),
    /** Connections opened and closed as fast as possible, no request; handshakes/s is the headline. */
    HANDSHAKES("handshakes");

    public final String id;

    LoadScenario(String id) {
        this.id = id;
    }

    /** Whether each unit of work carries a request (handshakes only connects). */
    public boolean hasRequests() {
        return this != HANDSHAKES;
    }

    /** Whether each unit of work opens (and closes) its own connection. */
    public boolean newConnectionPerRequest() {
        return this != RPS;
    }

    public static LoadScenario byId(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown load scenario '" + id + "'; expected one of "
                        + Arrays.stream(values()).map(s -> s.id).collect(Collectors.joining(", "))));
    }

    @Override
    public String toString() {
        return id;
    }
}
