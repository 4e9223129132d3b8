package dev.quicperf.adapter;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a server says it is listening: a line on its stdout that matches a pattern whose first
 * group is the UDP port. Our own servers print {@code QUICPERF READY port=<n>}.
 */
public record Readiness(Pattern line) {

    public static final String READY_FORMAT = "QUICPERF READY port=%d";
    public static final Readiness READY_LINE = new Readiness(Pattern.compile("^QUICPERF READY port=(\\d+)$"));

    /** The port announced by {@code text}, if it is a readiness line. */
    public OptionalInt port(String text) {
        Matcher m = line.matcher(text.strip());
        return m.matches() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }

    /** The line our own servers print once they listen on {@code port}. */
    public static String readyLine(int port) {
        return String.format(READY_FORMAT, port);
    }
}
