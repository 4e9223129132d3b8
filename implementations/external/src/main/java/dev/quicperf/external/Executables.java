package dev.quicperf.external;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a descriptor's binary: a path (after {@code ${env:NAME}}), or a name on PATH and in
 * the sbin directories, where Debian puts some servers (ngtcp2's gtlsserver) and where a
 * non-root PATH does not look.
 */
final class Executables {

    private static final List<String> SBIN = List.of("/usr/local/sbin", "/usr/sbin", "/sbin");

    private Executables() {
    }

    /** The binary, or why there is none in words that name what to set or install. */
    static Resolution resolve(String template, Map<String, String> env) {
        Optional<String> filled = Template.fillEnvironment(template, env);
        if (filled.isEmpty()) {
            return Resolution.missing("set " + String.join(" and ", Template.environmentNames(template))
                    + " (it names where " + template + " is)");
        }
        String exe = filled.get();
        if (exe.contains("/")) {
            Path p = Path.of(exe);
            return Files.isRegularFile(p) && Files.isExecutable(p) ? Resolution.found(p)
                    : Resolution.missing(p + " is not an executable file");
        }
        List<String> dirs = new ArrayList<>();
        String path = env.getOrDefault("PATH", "");
        for (String d : path.split(File.pathSeparator)) {
            if (!d.isBlank()) {
                dirs.add(d);
            }
        }
        dirs.addAll(SBIN);
        for (String d : dirs) {
            Path p = Path.of(d, exe);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Resolution.found(p);
            }
        }
        return Resolution.missing(exe + " is not on PATH nor in " + String.join(", ", SBIN));
    }

    /** A binary found, or the reason it was not. */
    record Resolution(Optional<Path> path, String problem) {
        static Resolution found(Path p) {
            return new Resolution(Optional.of(p), "");
        }

        static Resolution missing(String why) {
            return new Resolution(Optional.empty(), why);
        }
    }
}
