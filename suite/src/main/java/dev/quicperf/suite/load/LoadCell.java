package dev.quicperf.suite.load;

import dev.quicperf.adapter.Implementation;
import dev.quicperf.adapter.IoMode;
import dev.quicperf.adapter.load.LoadScenario;
import dev.quicperf.environment.Environment;
import dev.quicperf.suite.budget.Selector;
import java.util.Map;

/**
 * One cell of the load matrix: an implementation's own load client against its server, which
 * moves its datagrams in {@code ioMode}.
 */
public record LoadCell(LoadScenario scenario, Implementation implementation, IoMode ioMode, Environment environment,
        LoadPlan plan) {

    /** A cell with the server in its default I/O mode. */
    public LoadCell(LoadScenario scenario, Implementation implementation, Environment environment, LoadPlan plan) {
        this(scenario, implementation, implementation.ioModes().get(0), environment, plan);
    }

    public boolean defaultIoMode() {
        return ioMode == implementation.ioModes().get(0);
    }

    /** The coordinates budgets select on. */
    public Map<String, String> coordinates() {
        return Map.of("scenario", scenario.id, "implementation", implementation.id(), "io", ioMode.id(),
                "environment", environment.id(), Selector.DEFAULT_IO, Boolean.toString(defaultIoMode()));
    }

    /** A file-system-safe name, e.g. {@code rps-kwik-nio-linux}. */
    public String slug() {
        return scenario.id + "-" + implementation.id() + "-" + ioMode.id() + "-" + environment.id();
    }

    @Override
    public String toString() {
        String what = switch (scenario) {
            case RESPONSE_TIME -> plan.connections() + " clients, " + plan.requests() + " requests of "
                    + plan.responseBytes() + " B, a new connection each";
            case RPS -> plan.connections() + " connections, " + plan.requests() + " requests of " + plan.responseBytes() + " B";
            case HANDSHAKES -> plan.connections() + " clients, " + plan.requests() + " handshakes";
        };
        return implementation.id() + " (" + ioMode.id() + ") on " + environment.id() + ", " + what;
    }
}
