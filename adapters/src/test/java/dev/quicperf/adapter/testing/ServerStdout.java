package dev.quicperf.adapter.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicperf.adapter.ConnectionStatsLine;
import dev.quicperf.adapter.Readiness;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What our servers may print on stdout: the readiness line, then one stats line per connection that ended. */
public final class ServerStdout {

    private ServerStdout() {
    }

    /** Checks {@code stdout} holds nothing else and returns its stats lines. */
    public static List<ConnectionStatsLine> statsLines(List<String> stdout, int port) {
        assertThat(stdout).as("server stdout").isNotEmpty();
        assertThat(stdout.get(0)).as("first stdout line").isEqualTo(Readiness.readyLine(port));
        List<ConnectionStatsLine> stats = new ArrayList<>();
        for (String line : stdout.subList(1, stdout.size())) {
            Optional<ConnectionStatsLine> parsed = ConnectionStatsLine.parse(line);
            assertThat(parsed).as("stdout line '%s' is a connection stats line", line).isPresent();
            stats.add(parsed.get());
        }
        return stats;
    }
}
