package dev.quicperf.adapter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value} arguments of our own server and client mains. Errors name the flag and
 * what it should look like, because a person reads them in a cell's log.
 */
public final class Args {

    private final String program;
    private final Map<String, String> values;

    private Args(String program, Map<String, String> values) {
        this.program = program;
        this.values = values;
    }

    public static Args parse(String program, String[] argv, Set<String> known) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < argv.length; i++) {
            String flag = argv[i];
            if (!flag.startsWith("--") || !known.contains(flag.substring(2))) {
                throw new IllegalArgumentException(program + ": unknown argument '" + flag
                        + "'; expected one of " + known.stream().sorted().map(k -> "--" + k).toList());
            }
            if (i + 1 >= argv.length) {
                throw new IllegalArgumentException(program + ": " + flag + " needs a value");
            }
            values.put(flag.substring(2), argv[++i]);
        }
        return new Args(program, values);
    }

    public String string(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException(program + ": missing --" + name);
        }
        return v;
    }

    public long longValue(String name, long min) {
        String v = string(name);
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(program + ": --" + name + " must be a whole number, got '" + v + "'");
        }
        if (n < min) {
            throw new IllegalArgumentException(program + ": --" + name + " must be >= " + min + ", got " + n);
        }
        return n;
    }

    public long longValue(String name, long min, long fallback) {
        return values.containsKey(name) ? longValue(name, min) : fallback;
    }

    public int port(String name) {
        long p = longValue(name, 0);
        if (p > 65_535) {
            throw new IllegalArgumentException(program + ": --" + name + " must be a UDP port 0..65535, got " + p);
        }
        return (int) p;
    }

    /** The I/O mode named by {@code --name}, or {@code fallback} when the flag is absent. */
    public IoMode ioMode(String name, IoMode fallback) {
        if (!values.containsKey(name)) {
            return fallback;
        }
        try {
            return IoMode.parse(values.get(name));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(program + ": --" + name + ": " + e.getMessage());
        }
    }

    public Path readableFile(String name) {
        Path p = Path.of(string(name));
        if (!Files.isReadable(p)) {
            throw new IllegalArgumentException(program + ": --" + name + " " + p + " is not a readable file");
        }
        return p;
    }
}
