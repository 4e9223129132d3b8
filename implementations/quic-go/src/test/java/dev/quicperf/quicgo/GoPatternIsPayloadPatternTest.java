package dev.quicperf.quicgo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicperf.adapter.PayloadPattern;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Go server's response bytes are {@link PayloadPattern}'s. The Go client verifying the Go
 * server only proves the two Go programs agree; this compares the Go side with the Java class
 * every other client verifies against. build-go.sh builds a small tool that writes the pattern
 * through the same function the server answers with (perf.WritePattern), at any stream offset.
 */
class GoPatternIsPayloadPatternTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "offset {0}, {1} bytes")
    @CsvSource({
        "0, 5000",
        // Across the end of the first period, and several Go write windows (256 KiB) long.
        "65000, 1000000",
        "131041, 70000",
        // Deep into a large response, up to the largest a server answers (10^12 bytes).
        "2000000017, 65521",
        "999999990000, 10000"})
    void goBytesEqualJavaBytes(long offset, int length) throws Exception {
        Path tool = tool();
        GoProgram.Result r = GoProgram.run(tool, List.of("--offset", Long.toString(offset), "--length",
                Integer.toString(length)), dir, 30_000);
        assertThat(r.exitCode()).as("tool exit (stderr: %s)", r.stderr()).isZero();
        byte[] expected = new byte[length];
        PayloadPattern.fill(offset, expected, 0, length);
        assertThat(r.stdoutBytes()).hasSize(length);
        assertThat(PayloadPattern.verify(offset, r.stdoutBytes(), 0, length)).as("first wrong stream offset").isEqualTo(-1);
        assertThat(r.stdoutBytes()).isEqualTo(expected);
    }

    private static Path tool() {
        QuicGoImplementation impl = new QuicGoImplementation();
        Assumptions.assumeTrue(impl.unavailableBecause().isEmpty(), () -> impl.unavailableBecause().orElseThrow());
        Path tool = impl.binaryDirectory().resolveSibling("tools").resolve("quicperf-quic-go-pattern");
        Assumptions.assumeTrue(Files.isExecutable(tool), () -> tool + " is not built (programs from -D"
                + QuicGoBinaries.PROPERTY + " come without it)");
        return tool;
    }
}
