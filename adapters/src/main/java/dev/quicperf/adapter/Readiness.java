package dev.quicperf.adapter;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a server says it is listening: a line on its stdout (or, for foreign binaries that log
 * there, its stderr) found by a pattern. Our own servers print {@code QUICPERF READY port=<n>}
 * and the pattern's first group is the port. A foreign server that cannot pick a port and say
 * which is given one: then the pattern has no group and {@code knownPort} is that port.
 */
public record Readiness(Pattern line, Stream stream, OptionalInt knownPort) {

    public static final String READY_FORMAT = "QUICPERF READY port=%d";
    public static final Readiness READY_LINE = new Readiness(Pattern.compile("^QUICPERF READY port=(\\d+)$"));

    /** Where the line is written. */
    public enum Stream { STDOUT, STDERR }

    public Readiness {
        if (line.matcher("").groupCount() == 0 && knownPort.isEmpty()) {
            throw new IllegalArgumentException("readiness pattern " + line
                    + " has no group for the port and no port was given");
        }
    }

    /** A line on stdout whose first group is the port. */
    public Readiness(Pattern line) {
        this(line, Stream.STDOUT, OptionalInt.empty());
    }

    /** A line on {@code stream} that means "listening on {@code port}", which the harness chose. */
    public static Readiness onPort(Pattern line, Stream stream, int port) {
        return new Readiness(line, stream, OptionalInt.of(port));
    }

    /** The port announced by {@code text}, if it is a readiness line. */
    public OptionalInt port(String text) {
        Matcher m = line.matcher(text.strip());
        if (!m.find()) {
            return OptionalInt.empty();
        }
        return m.groupCount() > 0 && m.group(1) != null ? OptionalInt.of(Integer.parseInt(m.group(1))) : knownPort;
    }

    /** For error messages: what the harness waits for. */
    public String describe() {
        return "a " + stream.name().toLowerCase(java.util.Locale.ROOT) + " line matching " + line;
    }

    /** The line our own servers print once they listen on {@code port}. */
    public static String readyLine(int port) {
        return String.format(READY_FORMAT, port);
    }
}
