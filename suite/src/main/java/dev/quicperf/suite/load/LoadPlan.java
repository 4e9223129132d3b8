package dev.quicperf.suite.load;

/**
 * How big one load scenario is in a profile: concurrent connections (or clients), requests in
 * each timed run, requests done first in each run to warm both JVMs, and the object size.
 */
public record LoadPlan(int connections, long requests, long warmupRequests, long responseBytes) {

    public LoadPlan {
        if (connections < 1 || requests < 1 || warmupRequests < 0 || responseBytes < 0) {
            throw new IllegalArgumentException("load plan out of range: " + connections + " connections, "
                    + requests + " requests, " + warmupRequests + " warm-up, " + responseBytes + " bytes");
        }
    }
}
