package dev.quicperf.suite.reliability;

import dev.quicperf.adapter.ClientOptions;
import dev.quicperf.adapter.CpuRules;
import dev.quicperf.adapter.Implementation;
import dev.quicperf.adapter.JvmLaunch;
import dev.quicperf.adapter.Launch;
import dev.quicperf.adapter.NativeLaunch;
import dev.quicperf.adapter.ServerOptions;
import dev.quicperf.adapter.load.LoadOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A real implementation with its server or its client swapped for a misbehaving program, so a
 * fault test drives the same runner, environment and report code as a real cell.
 */
record FaultyImplementation(Implementation real, Optional<Launch> server, Optional<Launch> client,
        List<String> clientJvmFlags) implements Implementation {

    static FaultyImplementation serverScript(Implementation real, String script) {
        return new FaultyImplementation(real, Optional.of(sh(script)), Optional.empty(), List.of());
    }

    static FaultyImplementation clientScript(Implementation real, String script) {
        return new FaultyImplementation(real, Optional.empty(), Optional.of(sh(script)), List.of());
    }

    static FaultyImplementation serverProgram(Implementation real, Path program) {
        return new FaultyImplementation(real, Optional.of(new NativeLaunch(program, List.of(), Map.of(), List.of())),
                Optional.empty(), List.of());
    }

    /** The real server and client, the client's JVM given {@code flags} too (e.g. a shorter idle timeout). */
    static FaultyImplementation clientFlags(Implementation real, List<String> flags) {
        return new FaultyImplementation(real, Optional.empty(), Optional.empty(), List.copyOf(flags));
    }

    private Launch withClientFlags(Launch launch) {
        if (clientJvmFlags.isEmpty() || !(launch instanceof JvmLaunch jvm)) {
            return launch;
        }
        List<String> flags = new java.util.ArrayList<>(jvm.jvmFlags());
        flags.addAll(clientJvmFlags);
        return new JvmLaunch(jvm.mainClass(), jvm.classpath(), flags, jvm.args(), jvm.environment(), jvm.files());
    }

    private static Launch sh(String script) {
        return new NativeLaunch(Path.of("/bin/sh"), List.of("-c", script), Map.of(), List.of());
    }

    @Override
    public String id() {
        return real.id();
    }

    @Override
    public String version() {
        return real.version();
    }

    @Override
    public Set<String> protocols() {
        return real.protocols();
    }

    @Override
    public Launch serverLaunch(ServerOptions options) {
        return server.orElseGet(() -> real.serverLaunch(options));
    }

    @Override
    public Launch clientLaunch(ClientOptions options) {
        return client.orElseGet(() -> withClientFlags(real.clientLaunch(options)));
    }

    @Override
    public Launch loadClientLaunch(LoadOptions options) {
        return client.orElseGet(() -> real.loadClientLaunch(options));
    }

    @Override
    public CpuRules cpuRules() {
        return real.cpuRules();
    }
}
