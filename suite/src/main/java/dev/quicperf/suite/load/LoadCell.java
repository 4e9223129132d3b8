package dev.quicperf.suite.load;

import dev.quicperf.adapter.Implementation;
import dev.quicperf.adapter.load.LoadScenario;
import dev.quicperf.environment.Environment;
import java.util.Map;

/** One cell of the load matrix: an implementation's own load client against its server. */
public record LoadCell(LoadScenario scenario, Implementation implementation, Environment environment, LoadPlan plan) {

    /** The coordinates budgets select on. */
    public Map<String, String> coordinates() {
        return Map.of("scenario", scenario.id, "implementation", implementation.id(), "environment", environment.id());
    }

    /** A file-system-safe name, e.g. {@code rps-kwik-linux}. */
    public String slug() {
        return scenario.id + "-" + implementation.id() + "-" + environment.id();
    }

    @Override
    public String toString() {
        String what = switch (scenario) {
            case RESPONSE_TIME -> plan.connections() + " clients, " + plan.requests() + " requests of "
                    + plan.responseBytes() + " B, a new connection each";
            case RPS -> plan.connections() + " connections, " + plan.requests() + " requests of " + plan.responseBytes() + " B";
            case HANDSHAKES -> plan.connections() + " clients, " + plan.requests() + " handshakes";
        };
        return implementation.id() + " on " + environment.id() + ", " + what;
    }
}
