package dev.quicperf.suite.browser;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Which Chromium executable to run, and whether it runs on this machine at all: the one named in
 * {@value #VARIABLE}, or else Debian's {@code chromium} on PATH, minus its wrapper script.
 */
final class ChromiumBinary {

    /** Names the browser binary when it is not Debian's {@code chromium} on PATH. */
    static final String VARIABLE = "QUICPERF_CHROMIUM";

    /** Debian's /usr/bin/chromium is a shell script that adds flags from /etc/chromium.d; this is what it runs. */
    private static final Path DEBIAN_BINARY = Path.of("/usr/lib/chromium/chromium");

    private static volatile Optional<String> unavailable;

    private ChromiumBinary() {
    }

    /** See {@link HeadlessChromium#unavailableBecause()}; checked once per JVM. */
    static Optional<String> unavailableBecause() {
        Optional<String> known = unavailable;
        if (known == null) {
            known = check();
            unavailable = known;
        }
        return known;
    }

    /** The executable to start; fails with a message that says what to install or set. */
    static Path locate() throws IOException {
        String named = System.getenv().getOrDefault(VARIABLE, "").strip();
        if (!named.isEmpty()) {
            // e.g. google-chrome on a GitHub runner; a name is looked up on PATH, a path taken as it is.
            Optional<Path> chosen = named.contains("/") ? Optional.of(Path.of(named)).filter(Files::isExecutable)
                    : onPath(named);
            return chosen.orElseThrow(() -> new IOException(VARIABLE + "=" + named + " is no executable"));
        }
        Path onPath = onPath("chromium").orElseThrow(() -> new IOException("no chromium on PATH: install Debian's"
                + " chromium (apt-get install chromium), or name another Chromium in " + VARIABLE));
        // Bypass Debian's wrapper script: it would add flags of its own (remote extensions among them).
        if (Files.isExecutable(DEBIAN_BINARY) && isScript(onPath)) {
            return DEBIAN_BINARY;
        }
        return onPath;
    }

    private static boolean isScript(Path file) {
        try (var in = Files.newInputStream(file)) {
            byte[] start = in.readNBytes(2);
            return start.length == 2 && start[0] == '#' && start[1] == '!';
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator)).filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, name)).filter(Files::isExecutable).filter(f -> !Files.isDirectory(f))
                .findFirst();
    }

    private static Optional<String> check() {
        String os = System.getProperty("os.name", "?");
        if (!os.toLowerCase(Locale.ROOT).startsWith("linux")) {
            return Optional.of("headless chromium runs on Linux only, this is " + os);
        }
        Path binary;
        try {
            binary = locate();
        } catch (IOException e) {
            return Optional.of(e.getMessage() + " (" + System.getenv("PATH") + ")");
        }
        try {
            Process version = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
                try {
                    return version.getInputStream().readAllBytes();
                } catch (IOException e) {
                    return new byte[0];
                }
            });
            if (!version.waitFor(20, TimeUnit.SECONDS)) {
                version.descendants().forEach(ProcessHandle::destroyForcibly);
                version.destroyForcibly();
                return Optional.of(binary + " --version did not answer within 20 s");
            }
            String text = new String(out.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8).strip();
            if (version.exitValue() != 0) {
                return Optional.of(binary + " --version failed with status " + version.exitValue() + ": " + text);
            }
            return Optional.empty();
        } catch (IOException | ExecutionException | TimeoutException e) {
            return Optional.of("cannot run " + binary + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while checking " + binary);
        }
    }
}
