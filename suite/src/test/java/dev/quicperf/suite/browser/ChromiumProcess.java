package dev.quicperf.suite.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The browser process, kept inside a temporary directory of its own: profile, log, crash database
 * and cache all go there, so that deleting it leaves nothing behind. Tells where the browser's
 * DevTools listen; {@link ProcessTree} ends it and what it started.
 */
final class ChromiumProcess {

    /** The flags every launch gets; then the profile directory, the DevTools port and the window size. */
    static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync");

    private final Path tempDir;
    private final Path profile;
    private final Path log;
    private volatile Process process;

    ChromiumProcess(Path tempDir) {
        this.tempDir = tempDir;
        this.profile = tempDir.resolve("profile");
        this.log = tempDir.resolve("chromium.log");
    }

    /** Starts the browser on about:blank, with {@code proxy} for everything but 127.0.0.1, and returns it. */
    Process start(int width, int height, String proxy) throws IOException {
        Files.createDirectory(profile);
        List<String> command = new ArrayList<>();
        command.add(ChromiumBinary.locate().toString());
        command.addAll(FLAGS);
        command.add("--user-data-dir=" + profile);
        command.add("--remote-debugging-port=0");
        command.add("--window-size=" + width + "," + height);
        command.add("about:blank");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        // No desktop's proxy settings: Chromium is to read the proxy from the environment.
        Stream.of("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "ftp_proxy", "FTP_PROXY", "SOCKS_SERVER",
                "DESKTOP_SESSION", "XDG_CURRENT_DESKTOP", "KDE_FULL_SESSION", "GNOME_DESKTOP_SESSION_ID").forEach(env::remove);
        env.put("http_proxy", proxy);
        env.put("https_proxy", proxy);
        env.put("all_proxy", proxy);
        env.put("no_proxy", "127.0.0.1");
        // Chromium keeps its crash reports (and the crash handler's database) under XDG_CONFIG_HOME,
        // ~/.config by default: keep them in the temporary directory too.
        env.put("XDG_CONFIG_HOME", tempDir.resolve("config").toString());
        env.put("XDG_CACHE_HOME", tempDir.resolve("cache").toString());
        process = builder.start();
        return process;
    }

    /** The browser's DevTools WebSocket, once it has written its DevToolsActivePort file; fails after {@code timeout}. */
    URI devToolsEndpoint(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Path portFile = profile.resolve("DevToolsActivePort");
        String[] lines = null;
        while (lines == null) {
            if (!process.isAlive()) {
                throw new IOException("chromium exited with status " + process.exitValue()
                        + " before it opened its DevTools port; its output:\n" + logTail());
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new IOException("chromium wrote no " + portFile + " within " + Durations.seconds(timeout)
                        + "; its output:\n" + logTail());
            }
            try {
                String[] read = Files.readString(portFile, StandardCharsets.UTF_8).split("\n");
                if (read.length >= 2 && read[0].strip().matches("\\d+") && read[1].strip().startsWith("/devtools/")) {
                    lines = read;
                }
            } catch (NoSuchFileException e) {
                // not yet
            }
            if (lines == null) {
                Durations.sleep(Duration.ofMillis(25).toNanos());
            }
        }
        return URI.create("ws://127.0.0.1:" + lines[0].strip() + lines[1].strip());
    }

    /** The browser process; null until {@link #start} has started it. */
    Process process() {
        return process;
    }

    /** See {@link HeadlessChromium#logTail()}. */
    String logTail() {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
        } catch (IOException e) {
            return "";
        }
    }

    /** Deletes {@code dir} and what is in it, complaining on stderr if it cannot. */
    static void deleteTree(Path dir) {
        for (int attempt = 0; attempt < 5 && Files.exists(dir); attempt++) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException | UncheckedIOException e) {
                // A file appeared or vanished while we walked: try again.
                Durations.sleep(Duration.ofMillis(100).toNanos());
            }
        }
        if (Files.exists(dir)) {
            System.err.println("HeadlessChromium: could not delete " + dir);
        }
    }
}
