package dev.quicperf.suite;

import dev.quicperf.adapter.SelfSignedCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A self-signed certificate in a private (0700) temporary directory that is deleted on close,
 * or when the JVM exits if the run is interrupted before that.
 */
public final class TemporaryCertificate implements AutoCloseable {

    private final Path dir;
    private final SelfSignedCertificate certificate;
    private final Thread onExit = new Thread(this::delete, "quicperf-key-cleanup");

    public TemporaryCertificate() throws IOException {
        dir = Files.createTempDirectory("quicperf-keys-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Runtime.getRuntime().addShutdownHook(onExit);
        try {
            certificate = SelfSignedCertificate.create(dir);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    public Path certificate() {
        return certificate.certificate();
    }

    public Path privateKey() {
        return certificate.privateKey();
    }

    public Path directory() {
        return dir;
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException shuttingDown) {
            // The hook deletes the directory.
        }
        delete();
    }

    private void delete() {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the run's key directory " + dir, e);
        }
    }
}
