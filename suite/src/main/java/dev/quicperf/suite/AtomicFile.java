package dev.quicperf.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Replaces a file's content all at once: written to a temporary file beside it, then renamed
 * over it, so a reader (or a kill at any instant) never sees half a file.
 */
public final class AtomicFile {

    private AtomicFile() {
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper()
            .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);

    /** Writes {@code node} as indented JSON, atomically, and returns the text. */
    public static String writeJson(Path file, com.fasterxml.jackson.databind.JsonNode node) throws IOException {
        String json = JSON.writeValueAsString(node);
        write(file, json);
        return json;
    }

    public static void write(Path file, String content) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        try {
            Files.writeString(tmp, content);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
