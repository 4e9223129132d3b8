package dev.quicperf.suite.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report server serves its directory and nothing outside it, with the types a browser needs. */
class StaticSiteTest {

    @TempDir
    Path dir;

    @Test
    void servesFilesWithTheirTypes() throws IOException {
        Path root = Files.createDirectories(dir.resolve("report"));
        Files.writeString(root.resolve("index.html"), "<p>hi</p>");
        Files.createDirectories(root.resolve("data/attachments"));
        Files.writeString(root.resolve("data/suites.json"), "{}");
        Files.writeString(root.resolve("data/attachments/a.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");
        Files.writeString(root.resolve("app.js"), "1");
        Files.writeString(root.resolve("styles.css"), "p{}");
        Files.write(root.resolve("font.woff2"), new byte[] {1, 2});
        Files.writeString(root.resolve("data/x.txt"), "x");
        try (StaticSite site = StaticSite.serve(root)) {
            assertThat(site.base().toString()).matches("http://127\\.0\\.0\\.1:\\d+/");
            assertThat(get(site.base(), "GET", "/")).startsWith("HTTP/1.1 200").contains("text/html").endsWith("<p>hi</p>");
            assertThat(get(site.base(), "GET", "/index.html?x=1")).startsWith("HTTP/1.1 200");
            assertThat(get(site.base(), "GET", "/data/suites.json")).contains("application/json");
            assertThat(get(site.base(), "GET", "/data/attachments/a.svg")).contains("image/svg+xml");
            assertThat(get(site.base(), "GET", "/app.js")).contains("text/javascript");
            assertThat(get(site.base(), "GET", "/styles.css")).contains("text/css");
            assertThat(get(site.base(), "GET", "/font.woff2")).contains("font/woff2");
            assertThat(get(site.base(), "GET", "/data/x.txt")).contains("text/plain");
            assertThat(get(site.base(), "HEAD", "/index.html")).startsWith("HTTP/1.1 200").doesNotContain("<p>");
            assertThat(get(site.base(), "POST", "/index.html")).startsWith("HTTP/1.1 405");
            assertThat(get(site.base(), "GET", "/missing.html")).startsWith("HTTP/1.1 404");
        }
    }

    @Test
    void nothingOutsideTheRoot() throws IOException {
        Path root = Files.createDirectories(dir.resolve("report"));
        Files.createDirectories(root.resolve("data"));
        Files.writeString(root.resolve("index.html"), "in");
        Files.writeString(dir.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(root.resolve("link.txt"), dir.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("linkdir"), dir);
        try (StaticSite site = StaticSite.serve(root)) {
            for (String path : new String[] {"/../secret.txt", "/%2e%2e/secret.txt", "/data/..%2f..%2fsecret.txt",
                    "/data/%5c..%5c..%5csecret.txt", "/link.txt", "/linkdir/secret.txt", "/%00", "/data/"}) {
                assertThat(get(site.base(), "GET", path)).as(path).startsWith("HTTP/1.1 404").doesNotContain("secret");
            }
        }
    }

    /** A request as written, since an HTTP client would tidy the path up first. */
    private static String get(URI base, String method, String target) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", base.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write((method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
