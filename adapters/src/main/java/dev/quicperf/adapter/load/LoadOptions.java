package dev.quicperf.adapter.load;

import dev.quicperf.adapter.Args;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * One load-client run against {@code host:port}.
 *
 * @param connections  concurrent connections (rps) or concurrent clients (response-time, handshakes)
 * @param requests     requests (or handshakes) in the timed phase
 * @param warmup       requests (or handshakes) done first, untimed, to warm both JVMs' JIT
 * @param responseBytes bytes each request asks for (ignored by handshakes)
 * @param outstanding  requests each rps connection keeps in flight
 * @param timeout      the whole run's deadline, warm-up included
 */
public record LoadOptions(LoadScenario scenario, String host, int port, int connections, long requests, long warmup,
        long responseBytes, int outstanding, Duration timeout) {

    private static final Set<String> FLAGS = Set.of("scenario", "host", "port", "connections", "requests", "warmup",
            "bytes", "outstanding", "timeout-ms");

    public LoadOptions {
        if (connections < 1 || requests < 1 || warmup < 0 || responseBytes < 0 || outstanding < 1) {
            throw new IllegalArgumentException("load options out of range: connections=" + connections
                    + " requests=" + requests + " warmup=" + warmup + " bytes=" + responseBytes
                    + " outstanding=" + outstanding + " (need connections, requests, outstanding >= 1)");
        }
    }

    public List<String> toArgs() {
        return List.of("--scenario", scenario.id, "--host", host, "--port", Integer.toString(port),
                "--connections", Integer.toString(connections), "--requests", Long.toString(requests),
                "--warmup", Long.toString(warmup), "--bytes", Long.toString(responseBytes),
                "--outstanding", Integer.toString(outstanding), "--timeout-ms", Long.toString(timeout.toMillis()));
    }

    /**
     * Parses a load client's argv, the inverse of {@link #toArgs()}.
     *
     * @throws IllegalArgumentException naming the flag that is wrong
     */
    public static LoadOptions parse(String program, String[] argv) {
        Args args = Args.parse(program, argv, FLAGS);
        LoadScenario scenario;
        try {
            scenario = LoadScenario.byId(args.string("scenario"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(program + ": --scenario: " + e.getMessage(), e);
        }
        long connections = args.longValue("connections", 1);
        if (connections > 100_000) {
            throw new IllegalArgumentException(program + ": --connections " + connections + " is more than 100000");
        }
        return new LoadOptions(scenario, args.string("host"), args.port("port"), (int) connections,
                args.longValue("requests", 1), args.longValue("warmup", 0, 0), args.longValue("bytes", 0, 1),
                (int) Math.min(1_000, args.longValue("outstanding", 1, 2)),
                Duration.ofMillis(args.longValue("timeout-ms", 1)));
    }
}
