package dev.quicperf.external;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The stacks declared in YAML: those that ship with quicperf (ngtcp2, and descriptors for the
 * study's stacks that no registry here carries) and any a user keeps in a directory of their own.
 */
public final class ExternalStacks {

    private static final String SHIPPED = "stacks/";

    private ExternalStacks() {
    }

    /** The descriptors in this module's resources, in the order of their index. */
    public static List<ExternalImplementation> shipped() {
        List<ExternalImplementation> out = new ArrayList<>();
        for (String name : resource(SHIPPED + "index.txt").lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList()) {
            String origin = "implementations/external/src/main/resources/dev/quicperf/external/" + SHIPPED + name;
            out.add(new ExternalImplementation(DescriptorReader.read(resource(SHIPPED + name), origin)));
        }
        return List.copyOf(out);
    }

    /**
     * Every {@code *.yaml} in {@code dir}, sorted by name.
     *
     * @throws DescriptorException naming the file and line of the first bad descriptor
     */
    public static List<ExternalImplementation> fromDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new DescriptorException(dir + " is not a directory of stack descriptors (*.yaml)");
        }
        List<ExternalImplementation> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList()) {
                out.add(new ExternalImplementation(DescriptorReader.read(Files.readString(f, StandardCharsets.UTF_8),
                        f.toString())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read stack descriptors in " + dir, e);
        }
        if (out.isEmpty()) {
            throw new DescriptorException(dir + " holds no *.yaml stack descriptor");
        }
        return List.copyOf(out);
    }

    private static String resource(String name) {
        try (InputStream in = ExternalStacks.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("dev/quicperf/external/" + name + " is missing: rebuild the module");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
