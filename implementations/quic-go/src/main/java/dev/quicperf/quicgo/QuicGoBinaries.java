package dev.quicperf.quicgo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Where build-go.sh put the Go server and client ({@code target/quic-go/bin}), found once.
 *
 * <p>Looked for, in this order: the directory {@code -Dquicperf.quic-go.bin} names (then only
 * there); {@code quic-go/bin} beside the code of this module (its classes directory or its jar
 * in {@code target/}, as a reactor build loads it); and the target directory of the build that
 * made the jar ({@code build.properties}, so an installed jar in {@code ~/.m2} still finds the
 * binaries of the checkout it was built in). The first directory holding both programs wins.
 *
 * @param directory where the programs are, or where they were expected when {@code missing} says why not
 * @param version the quic-go version they were built against, from {@code quic-go.version} beside them
 * @param missing why they cannot be run, or empty
 */
record QuicGoBinaries(Path directory, String version, Optional<String> missing) {

    static final String PROPERTY = "quicperf.quic-go.bin";
    static final String SERVER = "quicperf-quic-go-server";
    static final String CLIENT = "quicperf-quic-go-client";
    static final String VERSION_FILE = "quic-go.version";
    /** build-go.sh's note of why it did not build, in {@code target/quic-go/}. */
    static final String UNAVAILABLE_FILE = "unavailable.txt";

    Path server() {
        return directory.resolve(SERVER);
    }

    Path client() {
        return directory.resolve(CLIENT);
    }

    /** Looks where {@code anchor}'s module was built, unless {@code override} (the system property) names a directory. */
    static QuicGoBinaries locate(Class<?> anchor, Optional<String> override) {
        if (override.isPresent() && !override.get().isBlank()) {
            Path dir = Path.of(override.get().strip()).toAbsolutePath().normalize();
            return complete(dir) ? found(dir) : new QuicGoBinaries(dir, "unknown", Optional.of("-D" + PROPERTY + "=" + dir
                    + " holds no executable " + SERVER + " and " + CLIENT));
        }
        Set<Path> candidates = new LinkedHashSet<>();
        codeTarget(anchor).ifPresent(target -> candidates.add(target.resolve("quic-go").resolve("bin")));
        buildTarget(anchor).ifPresent(target -> candidates.add(target.resolve("quic-go").resolve("bin")));
        for (Path dir : candidates) {
            if (complete(dir)) {
                return found(dir);
            }
        }
        Path expected = candidates.isEmpty() ? Path.of("target", "quic-go", "bin").toAbsolutePath() : candidates.iterator().next();
        List<String> why = new ArrayList<>();
        for (Path dir : candidates) {
            buildNote(dir).ifPresent(why::add);
        }
        String reason = why.isEmpty()
                ? SERVER + " and " + CLIENT + " are not built (looked in " + String.join(", ", candidates.stream().map(Path::toString).toList())
                        + ")"
                : "its Go programs were not built: " + why.get(0);
        return new QuicGoBinaries(expected, "unknown", Optional.of(reason));
    }

    private static QuicGoBinaries found(Path dir) {
        return new QuicGoBinaries(dir, readVersion(dir), Optional.empty());
    }

    private static boolean complete(Path dir) {
        return Files.isExecutable(dir.resolve(SERVER)) && Files.isExecutable(dir.resolve(CLIENT))
                && Files.isRegularFile(dir.resolve(SERVER)) && Files.isRegularFile(dir.resolve(CLIENT));
    }

    /** The version build-go.sh wrote beside the programs; "unknown" for programs from elsewhere without one. */
    private static String readVersion(Path dir) {
        Path file = dir.resolve(VERSION_FILE);
        try {
            String v = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : "";
            return v.isEmpty() ? "unknown" : v;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static Optional<String> buildNote(Path binDir) {
        Path note = binDir.getParent() == null ? null : binDir.getParent().resolve(UNAVAILABLE_FILE);
        try {
            return note != null && Files.isRegularFile(note)
                    ? Optional.of(Files.readString(note, StandardCharsets.UTF_8).strip()) : Optional.empty();
        } catch (IOException e) {
            return Optional.of("(cannot read " + note + ": " + e.getMessage() + ")");
        }
    }

    /**
     * The target directory the module's code was loaded from: the parent of {@code target/classes},
     * or of the module's jar when that sits in a {@code target} directory.
     */
    private static Optional<Path> codeTarget(Class<?> anchor) {
        CodeSource source = anchor.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return Optional.empty();
        }
        try {
            Path code = Path.of(source.getLocation().toURI());
            Path parent = code.toAbsolutePath().getParent();
            if (parent == null) {
                return Optional.empty();
            }
            if (Files.isDirectory(code) || parent.getFileName() != null && parent.getFileName().toString().equals("target")) {
                return Optional.of(parent);
            }
            return Optional.empty();
        } catch (URISyntaxException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return Optional.empty();
        }
    }

    /** The target directory of the build that made this jar, from the filtered build.properties. */
    private static Optional<Path> buildTarget(Class<?> anchor) {
        try (InputStream in = anchor.getResourceAsStream("build.properties")) {
            if (in == null) {
                return Optional.empty();
            }
            Properties p = new Properties();
            p.load(in);
            String dir = p.getProperty("target.dir", "").strip();
            return dir.isEmpty() || dir.startsWith("${") ? Optional.empty() : Optional.of(Path.of(dir));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
