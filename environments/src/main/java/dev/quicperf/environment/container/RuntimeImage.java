package dev.quicperf.environment.container;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.quicperf.environment.LaunchException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The image a JVM server runs in: {@code FROM scratch} with a jlink'd runtime of the harness's
 * own JDK at {@code /opt/jre}, the shared libraries it and the profiler agent load (at their host
 * paths), and a world-writable {@code /tmp} for the JNI libraries the QUIC stacks unpack. No base
 * image, so nothing is pulled. Tagged by a hash of what goes in, so a run builds it once and
 * later runs reuse it; the application's classes and keys are bind-mounted, not baked in.
 */
final class RuntimeImage {

    static final String JAVA = "/opt/jre/bin/java";
    /** Enough for our servers: TLS (EC keys), JMX-free management beans, sun.misc.Unsafe for Netty. */
    static final List<String> MODULES = List.of("java.base", "java.logging", "java.management", "jdk.management",
            "jdk.unsupported", "jdk.crypto.ec", "java.naming", "jdk.net", "java.xml");
    private static final String DOCKERFILE = "FROM scratch\nCOPY jre /opt/jre\nCOPY rootfs/ /\n";
    private static final String REPOSITORY = "quicperf-runtime";

    private RuntimeImage() {
    }

    /**
     * The image's tag, built first when this host has no image of that content yet.
     *
     * @param agentLibrary the profiler agent whose libraries the image must carry; null for none
     */
    static synchronized String ensure(DockerClient docker, Path javaHome, Path agentLibrary, Path workDir)
            throws IOException {
        String tag = REPOSITORY + ":" + contentHash(javaHome, agentLibrary);
        try {
            docker.inspectImageCmd(tag).exec();
            return tag;
        } catch (NotFoundException absent) {
            // built below
        }
        Path dir = Files.createTempDirectory(workDir, "quicperf-image-");
        try {
            Path jre = dir.resolve("jre");
            jlink(javaHome, jre);
            List<Path> elfs = new ArrayList<>(elfFiles(jre));
            if (agentLibrary != null) {
                elfs.add(agentLibrary);
            }
            java.util.Set<String> provided = elfs.stream().map(f -> f.getFileName().toString())
                    .collect(java.util.stream.Collectors.toSet());
            SortedSet<String> libs = LibraryClosure.of(elfs, provided);
            Path tmp = Files.createDirectories(dir.resolve("rootfs/tmp"));
            ImageFromDockerfile image = new ImageFromDockerfile(tag, false)
                    .withFileFromString("Dockerfile", DOCKERFILE)
                    .withFileFromPath("jre", jre)
                    // A child of a copied directory keeps its mode; a directory copied by itself does not.
                    .withFileFromPath("rootfs/tmp", tmp);
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
            for (String lib : libs) {
                image.withFileFromPath("rootfs" + lib, Path.of(lib).toRealPath());
            }
            image.get(10, TimeUnit.MINUTES);
            return tag;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LaunchException failed = new LaunchException("could not build the server image " + tag + ": "
                    + e.getMessage());
            failed.initCause(e);
            throw failed;
        } finally {
            deleteTree(dir);
        }
    }

    private static void jlink(Path javaHome, Path output) throws IOException {
        Path jlink = javaHome.resolve("bin/jlink");
        if (!Files.isExecutable(jlink)) {
            throw new IOException(jlink + " is missing: the container environment needs a full JDK (with jlink and"
                    + " its jmods) to build the server's runtime");
        }
        List<String> argv = List.of(jlink.toString(), "--add-modules", String.join(",", MODULES), "--strip-debug",
                "--no-header-files", "--no-man-pages", "--output", output.toString());
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("jlink failed: " + out.strip() + " (command: " + String.join(" ", argv) + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running jlink", e);
        }
    }

    private static List<Path> elfFiles(Path jre) throws IOException {
        try (Stream<Path> files = Files.walk(jre)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().endsWith(".so") || f.getParent().endsWith("bin"))
                    .toList();
        }
    }

    /** What the image holds is fixed by the JDK (its release file names its build), the modules and the agent. */
    private static String contentHash(Path javaHome, Path agentLibrary) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(DOCKERFILE.getBytes(StandardCharsets.UTF_8));
            sha.update(String.join(",", MODULES).getBytes(StandardCharsets.UTF_8));
            sha.update(javaHome.toRealPath().toString().getBytes(StandardCharsets.UTF_8));
            Path release = javaHome.resolve("release");
            if (Files.exists(release)) {
                sha.update(Files.readAllBytes(release));
            }
            if (agentLibrary != null) {
                try (InputStream in = Files.newInputStream(agentLibrary)) {
                    sha.update(in.readAllBytes());
                }
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("quicperf: could not delete " + dir + ": " + e.getMessage());
        }
    }
}
