package dev.quicperf.quicgo;

import dev.quicperf.adapter.ClientOptions;
import dev.quicperf.adapter.CpuRules;
import dev.quicperf.adapter.Implementation;
import dev.quicperf.adapter.Launch;
import dev.quicperf.adapter.NativeLaunch;
import dev.quicperf.adapter.PerfProtocol;
import dev.quicperf.adapter.ServerOptions;
import dev.quicperf.adapter.load.LoadOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * quic-go (Go; the study's Go stack) as the suite sees it: our own perf server and goodput
 * client, Go programs that build-go.sh compiles against Debian's quic-go during the Maven build
 * (see implementations/quic-go/README.md). Where they could not be built, {@link #unavailableBecause()}
 * says why and how to get them, and the matrix skips the stack's cells.
 */
public final class QuicGoImplementation implements Implementation {

    public static final String ID = "quic-go";

    private final QuicGoBinaries binaries;

    /** Finds the programs where this module was built, or in {@code -Dquicperf.quic-go.bin}. */
    public QuicGoImplementation() {
        this(QuicGoBinaries.locate(QuicGoImplementation.class,
                Optional.ofNullable(System.getProperty(QuicGoBinaries.PROPERTY))));
    }

    QuicGoImplementation(QuicGoBinaries binaries) {
        this.binaries = binaries;
    }

    @Override
    public String id() {
        return ID;
    }

    /** The quic-go release the programs were built against (build-go.sh reads it from dpkg), or "unknown". */
    @Override
    public String version() {
        return binaries.version();
    }

    @Override
    public Set<String> protocols() {
        return Set.of(PerfProtocol.ALPN);
    }

    @Override
    public Launch serverLaunch(ServerOptions options) {
        return new NativeLaunch(binaries.server(), options.toArgs(), Map.of(), options.files());
    }

    @Override
    public Launch clientLaunch(ClientOptions options) {
        return new NativeLaunch(binaries.client(), options.toArgs(), Map.of(), List.of());
    }

    @Override
    public Launch loadClientLaunch(LoadOptions options) {
        throw new UnsupportedOperationException(loadClientUnavailable().orElseThrow());
    }

    @Override
    public Optional<String> loadClientUnavailable() {
        return Optional.of("quic-go has no load client in quicperf yet: only its goodput client (one download per"
                + " process) is written, and the response-time, rps and handshakes cells need a Go program that drives"
                + " many connections and prints a LoadReport");
    }

    @Override
    public Optional<String> unavailableBecause() {
        return binaries.missing().map(why -> "quic-go cannot run here: " + why + ". Install golang-go and"
                + " golang-github-lucas-clemente-quic-go-dev (apt-get install golang-go"
                + " golang-github-lucas-clemente-quic-go-dev), then rebuild with 'mvn -B install -DskipTests'"
                + " (see docs/stacks.md); or point -D" + QuicGoBinaries.PROPERTY + " at a directory holding "
                + QuicGoBinaries.SERVER + " and " + QuicGoBinaries.CLIENT);
    }

    /** A Go client is native code: nothing to warm up before the timed download. */
    @Override
    public long clientWarmupBytes() {
        return 0;
    }

    @Override
    public CpuRules cpuRules() {
        return CpuRules.load(QuicGoImplementation.class, "cpu-rules.txt");
    }

    /** Where the programs are, or were looked for. */
    Path binaryDirectory() {
        return binaries.directory();
    }

    /** Its server is native and sampled with Linux perf: its client waits 500 ms at the begin mark. */
    @Override
    public java.time.Duration phaseSettle() {
        return java.time.Duration.ofMillis(dev.quicperf.adapter.PhaseMarks.NATIVE_SETTLE_MILLIS);
    }
}
