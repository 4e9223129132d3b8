package dev.quicperf.environment.profile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * async-profiler's agent library, taken from the Maven artifact on the classpath and written
 * once per version to a directory under java.io.tmpdir, so that a server JVM can load it.
 */
public final class AsyncProfilerLibrary {

    public static final String VERSION = "4.1";
    private static final String RESOURCE = "/linux-x64/libasyncProfiler.so";

    private AsyncProfilerLibrary() {
    }

    /** Why the library cannot be used on this machine, if it cannot. */
    public static Optional<String> unsupportedBecause() {
        String os = System.getProperty("os.name", "");
        String arch = System.getProperty("os.arch", "");
        if (!os.equals("Linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return Optional.of("async-profiler is used here for linux-x64 only; this is " + os + "/" + arch);
        }
        if (AsyncProfilerLibrary.class.getResource(RESOURCE) == null) {
            return Optional.of("tools.profiler:async-profiler:" + VERSION + " is not on the classpath (it carries "
                    + RESOURCE.substring(1) + "): rebuild with Maven");
        }
        if (ModuleLayer.boot().findModule("jdk.attach").isEmpty()) {
            return Optional.of("this Java runtime has no jdk.attach module (a JRE?): run the suite on a full JDK");
        }
        return Optional.empty();
    }

    /** The library's path on disk, extracting it on first use. */
    public static synchronized Path path() throws IOException {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "quicperf-async-profiler-" + VERSION);
        Path lib = dir.resolve("libasyncProfiler.so");
        try (InputStream in = AsyncProfilerLibrary.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException(unsupportedBecause().orElse("no " + RESOURCE + " on the classpath"));
            }
            byte[] bytes = in.readAllBytes();
            if (Files.isRegularFile(lib) && Files.size(lib) == bytes.length) {
                return lib;
            }
            Files.createDirectories(dir);
            // Another suite may be loading the old file: write aside, then move over it in one step.
            Path part = Files.createTempFile(dir, "lib", ".part");
            Files.write(part, bytes);
            Files.move(part, lib, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return lib;
        }
    }
}
