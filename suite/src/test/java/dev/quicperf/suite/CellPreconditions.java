package dev.quicperf.suite;

import dev.quicperf.adapter.Implementation;
import dev.quicperf.adapter.Launch;
import dev.quicperf.adapter.ServerOptions;
import dev.quicperf.environment.Environment;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * What must hold before a cell runs, shared by the matrices: the stack exists on this host, the
 * environment is available and can package this kind of server. A cell that fails one is skipped
 * with the reason, so a missing binary reads as "not measured here", never as a broken stack.
 */
final class CellPreconditions {

    private CellPreconditions() {
    }

    static void assumeRunnable(Implementation impl, Environment env) {
        Optional<String> stack = impl.unavailableBecause();
        Assumptions.assumeTrue(stack.isEmpty(), () -> "skipped: " + stack.orElse(""));
        Optional<String> unavailable = env.unavailableBecause();
        Assumptions.assumeTrue(unavailable.isEmpty(), () -> "skipped: environment " + env.id()
                + " cannot run here: " + unavailable.orElse(""));
        // The launch's kind (JVM or native) is what matters, not its certificate: placeholder paths do.
        Launch probe = impl.serverLaunch(new ServerOptions(env.serverHost(), 0, Path.of("cert.pem"), Path.of("key.pem")));
        Optional<String> cannot = env.cannotRun(probe);
        Assumptions.assumeTrue(cannot.isEmpty(), () -> "skipped: " + cannot.orElse(""));
    }
}
