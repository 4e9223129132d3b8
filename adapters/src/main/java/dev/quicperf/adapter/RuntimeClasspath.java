package dev.quicperf.adapter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The classpath a JVM implementation's own processes need: the module's code plus the runtime
 * dependencies Maven wrote next to it at build time ({@code runtime.classpath}, made by
 * maven-dependency-plugin's build-classpath). Each server then runs with its own stack only,
 * never with the harness's or another stack's jars.
 */
public final class RuntimeClasspath {

    private RuntimeClasspath() {
    }

    public static List<Path> of(Class<?> anchor) {
        String resource = anchor.getPackageName().replace('.', '/') + "/runtime.classpath";
        List<Path> entries = new ArrayList<>();
        try {
            entries.add(Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the code of " + anchor.getName(), e);
        }
        try (InputStream in = anchor.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing: build the module with Maven"
                        + " (its dependency:build-classpath step writes it)");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            for (String entry : text.split(java.io.File.pathSeparator)) {
                if (entry.isBlank()) {
                    continue;
                }
                Path p = Path.of(entry);
                if (!Files.exists(p)) {
                    throw new IllegalStateException(resource + " names " + p
                            + ", which does not exist: rebuild with 'mvn -B install -DskipTests'");
                }
                entries.add(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(entries);
    }
}
