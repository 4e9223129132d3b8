package dev.quicperf.external;

import dev.quicperf.adapter.CpuRules;
import dev.quicperf.adapter.Readiness;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A QUIC stack declared in YAML rather than in Java: where its binaries are, how to start its
 * server and its client, how the server says it listens and how the client's result is read.
 * See docs/stacks.md for the file format; {@link DescriptorReader} checks it.
 *
 * @param origin the file it came from, for messages
 * @param install how a user gets the binaries, shown when they are missing
 */
public record StackDescriptor(
        String origin,
        String id,
        String about,
        String install,
        VersionProbe version,
        Set<String> protocols,
        ServerSpec server,
        ClientSpec client,
        CpuRules cpuRules) {

    /** A command whose output holds the stack's version, and the regex whose first group is it. */
    public record VersionProbe(List<String> command, Pattern regex) {
    }

    /**
     * @param executable a name looked up on PATH (and the sbin directories), or a path; may hold
     *        {@code ${env:NAME}}
     * @param argv with {@code ${host}}, {@code ${port}}, {@code ${cert}}, {@code ${key}}
     * @param portGiven true when the harness picks the port and the server is told it;
     *        false when the server picks one and announces it in its readiness line
     * @param packetStats true when the server writes quicperf's per-connection stats line
     */
    public record ServerSpec(String executable, List<String> argv, boolean portGiven, Readiness.Stream readyStream,
            Pattern readyLine, boolean packetStats) {
    }

    /**
     * @param argv with {@code ${host}}, {@code ${port}}, {@code ${bytes}}, {@code ${timeout_ms}}
     *        and, for a client that saves responses to files, {@code ${downloads}}
     */
    public record ClientSpec(String executable, List<String> argv, ReportSpec report) {
    }

    /** How the harness learns what the client did. */
    public sealed interface ReportSpec permits JsonReport, DownloadReport, RegexReport {
    }

    /** The client prints quicperf's ClientReport and phase marks itself. */
    public record JsonReport() implements ReportSpec {
    }

    /**
     * The client saves the response as a file named {@code file} (a template) in
     * {@code ${downloads}}, or writes it to its stdout ({@code file} is {@code -}); its length is checked, and its bytes too where the server's content
     * is known ({@link Content}).
     */
    public record DownloadReport(String file, Content content) implements ReportSpec {
    }

    /** What a foreign server sends as the body. */
    public enum Content {
        /** N zero bytes (ngtcp2's generated bodies): every byte is checked. */
        ZEROS,
        /** Unknown: only the length is checked. */
        ANY
    }

    /** Regexes over the client's stdout and stderr whose first groups are bytes received and seconds taken. */
    public record RegexReport(Pattern bytes, Pattern seconds) implements ReportSpec {
    }

    public Optional<String> aboutText() {
        return about.isBlank() ? Optional.empty() : Optional.of(about);
    }
}
