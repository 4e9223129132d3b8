package dev.quicperf.external;

import dev.quicperf.adapter.ClientOptions;
import dev.quicperf.adapter.CpuRules;
import dev.quicperf.adapter.Implementation;
import dev.quicperf.adapter.JvmLaunch;
import dev.quicperf.adapter.Launch;
import dev.quicperf.adapter.NativeLaunch;
import dev.quicperf.adapter.PhaseMarks;
import dev.quicperf.adapter.Readiness;
import dev.quicperf.adapter.RuntimeClasspath;
import dev.quicperf.adapter.ServerOptions;
import dev.quicperf.adapter.load.LoadOptions;
import dev.quicperf.external.StackDescriptor.DownloadReport;
import dev.quicperf.external.StackDescriptor.JsonReport;
import dev.quicperf.external.StackDescriptor.RegexReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A stack from a {@link StackDescriptor}: its binaries are driven as external processes, the
 * server directly (so the environment meters and profiles the stack itself) and the client
 * through {@link ForeignClient} unless it prints quicperf's report itself.
 */
public final class ExternalImplementation implements Implementation {

    /** Where {@link #serverLaunch} puts the port it gave a server, for {@link #readiness(Launch)}. */
    static final String PORT_VARIABLE = "QUICPERF_PORT";

    /*
     * The wrapper only starts a process, waits for it and reads a file: a small heap, and C1 only,
     * so its own JIT does not compete with the foreign client for the client's core.
     */
    private static final List<String> WRAPPER_FLAGS = List.of("-Xms16m", "-Xmx64m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1");

    private final StackDescriptor descriptor;
    private final Map<String, String> environment;
    private volatile String version;

    public ExternalImplementation(StackDescriptor descriptor) {
        this(descriptor, System.getenv());
    }

    ExternalImplementation(StackDescriptor descriptor, Map<String, String> environment) {
        this.descriptor = descriptor;
        this.environment = Map.copyOf(environment);
    }

    public StackDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public String id() {
        return descriptor.id();
    }

    @Override
    public String version() {
        String v = version;
        if (v == null) {
            v = VersionCommand.run(descriptor.version(), environment);
            version = v;
        }
        return v;
    }

    @Override
    public Set<String> protocols() {
        return descriptor.protocols();
    }

    @Override
    public Optional<String> unavailableBecause() {
        List<String> problems = new ArrayList<>();
        Executables.Resolution server = Executables.resolve(descriptor.server().executable(), environment);
        Executables.Resolution client = Executables.resolve(descriptor.client().executable(), environment);
        if (server.path().isEmpty()) {
            problems.add("server: " + server.problem());
        }
        if (client.path().isEmpty() && !client.problem().equals(server.problem())) {
            problems.add("client: " + client.problem());
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(id() + " (declared in " + descriptor.origin() + ") has no "
                + String.join("; ", problems) + ". To get it: " + descriptor.install());
    }

    @Override
    public Optional<String> loadClientUnavailable() {
        return Optional.of(id() + " is declared in YAML with a download client only; a stack declared so has no"
                + " load client for response-time, rps and handshakes");
    }

    @Override
    public String payloadCheck() {
        StackDescriptor.ReportSpec report = descriptor.client().report();
        if (report instanceof DownloadReport d) {
            return d.content() == StackDescriptor.Content.ZEROS ? "every byte (the server's zero-filled body)" : "length only";
        }
        return report instanceof JsonReport ? "as its client reports" : "length, as its client reports it";
    }

    @Override
    public boolean reportsPackets() {
        return descriptor.server().packetStats();
    }

    @Override
    public Launch serverLaunch(ServerOptions options) {
        Path exe = executable(descriptor.server().executable());
        int port = options.port() == 0 && descriptor.server().portGiven() ? FreePort.udp() : options.port();
        Map<String, String> values = Map.of("host", options.host(), "port", Integer.toString(port),
                "cert", options.certificate().toString(), "key", options.privateKey().toString());
        List<String> argv = fill(descriptor.server().argv(), values);
        Map<String, String> env = descriptor.server().portGiven() ? Map.of(PORT_VARIABLE, Integer.toString(port)) : Map.of();
        return new NativeLaunch(exe, argv, env, options.files());
    }

    @Override
    public Readiness readiness(Launch server) {
        StackDescriptor.ServerSpec spec = descriptor.server();
        if (!spec.portGiven()) {
            return new Readiness(spec.readyLine(), spec.readyStream(), java.util.OptionalInt.empty());
        }
        String port = server.environment().get(PORT_VARIABLE);
        if (port == null) {
            throw new IllegalArgumentException("not a server launch of " + id() + " (it carries no " + PORT_VARIABLE + ")");
        }
        return Readiness.onPort(spec.readyLine(), spec.readyStream(), Integer.parseInt(port));
    }

    @Override
    public Launch clientLaunch(ClientOptions options) {
        Path exe = executable(descriptor.client().executable());
        Map<String, String> values = Map.of("host", options.host(), "port", Integer.toString(options.port()),
                "bytes", Long.toString(options.responseBytes()), "timeout_ms", Long.toString(options.timeout().toMillis()));
        List<String> argv = fill(descriptor.client().argv(), values);
        if (descriptor.client().report() instanceof JsonReport) {
            return new NativeLaunch(exe, argv, Map.of(), List.of());
        }
        List<String> args = new ArrayList<>(List.of("--id", id(), "--version", version(),
                "--bytes", Long.toString(options.responseBytes()), "--upload", Long.toString(options.uploadBytes()),
                "--timeout-ms", Long.toString(options.timeout().toMillis()),
                "--settle-ms", Long.toString(phaseSettle().toMillis())));
        if (descriptor.client().report() instanceof DownloadReport d) {
            args.addAll(List.of("--download", Template.fill(d.file(), values), "--content", d.content().name()));
        } else if (descriptor.client().report() instanceof RegexReport r) {
            args.addAll(List.of("--bytes-regex", r.bytes().pattern(), "--seconds-regex", r.seconds().pattern()));
        }
        args.add("--");
        args.add(exe.toString());
        args.addAll(argv);
        return new JvmLaunch(ForeignClient.class.getName(), RuntimeClasspath.of(ForeignClient.class), WRAPPER_FLAGS,
                args, Map.of(), List.of());
    }

    /** Its server is native, so the harness attaches Linux perf at the client's begin mark. */
    @Override
    public java.time.Duration phaseSettle() {
        return java.time.Duration.ofMillis(PhaseMarks.NATIVE_SETTLE_MILLIS);
    }

    @Override
    public Launch loadClientLaunch(LoadOptions options) {
        throw new UnsupportedOperationException(loadClientUnavailable().orElseThrow());
    }

    @Override
    public CpuRules cpuRules() {
        return descriptor.cpuRules();
    }

    private Path executable(String template) {
        Executables.Resolution r = Executables.resolve(template, environment);
        return r.path().orElseThrow(() -> new IllegalStateException(unavailableBecause().orElse(r.problem())));
    }

    private List<String> fill(List<String> templates, Map<String, String> values) {
        List<String> out = new ArrayList<>();
        for (String t : templates) {
            String filled = Template.fill(t, values);
            out.add(Template.fillEnvironment(filled, environment).orElseThrow(() -> new IllegalStateException(
                    id() + ": set " + Template.environmentNames(t) + " (used in " + t + ")")));
        }
        return out;
    }

    @Override
    public String toString() {
        return id();
    }
}
