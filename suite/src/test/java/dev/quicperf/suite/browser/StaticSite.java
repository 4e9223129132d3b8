package dev.quicperf.suite.browser;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves one directory read-only over HTTP on 127.0.0.1, on a port the system picks. GET and HEAD
 * only; a path that leaves the root (by {@code ..}, an encoded {@code ..} or a symbolic link) or
 * names nothing readable is a 404. A directory is served as its {@code index.html}.
 *
 * <pre>{@code
 * try (StaticSite site = StaticSite.serve(reportDir)) {
 *     browser.navigate(site.base().resolve("index.html").toString());
 * }
 * }</pre>
 */
public final class StaticSite implements AutoCloseable {

    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("htm", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff", "font/woff"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("ttf", "font/ttf"),
            Map.entry("eot", "application/vnd.ms-fontobject"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("log", "text/plain; charset=utf-8"),
            Map.entry("csv", "text/csv; charset=utf-8"),
            Map.entry("xml", "application/xml; charset=utf-8"));

    private static final AtomicInteger SITES = new AtomicInteger();

    private final Path root;
    private final HttpServer server;
    private final ExecutorService workers;
    private final URI base;

    private StaticSite(Path root, HttpServer server, ExecutorService workers) {
        this.root = root;
        this.server = server;
        this.workers = workers;
        this.base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** Starts serving {@code directory}; the site is up when this returns. */
    public static StaticSite serve(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new IOException("not a directory: " + directory);
        }
        Path root = directory.toRealPath();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 64);
        int site = SITES.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "static-site-" + site + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        StaticSite result = new StaticSite(root, server, workers);
        server.createContext("/", result::handle);
        server.setExecutor(workers);
        server.start();
        return result;
    }

    /** {@code http://127.0.0.1:<port>/}, with the trailing slash, so {@code base().resolve("a/b")} works. */
    public URI base() {
        return base;
    }

    /** The directory served (its real path). */
    public Path root() {
        return root;
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            boolean head = method.equals("HEAD");
            if (!head && !method.equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                plain(exchange, 405, "method not allowed\n");
                return;
            }
            Path file = resolve(exchange.getRequestURI());
            if (file == null) {
                plain(exchange, 404, "not found\n");
                return;
            }
            long size = Files.size(file);
            exchange.getResponseHeaders().set("Content-Type", contentType(file));
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            if (head) {
                exchange.getResponseHeaders().set("Content-Length", Long.toString(size));
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, size == 0 ? -1 : size);
            if (size > 0) {
                try (InputStream in = Files.newInputStream(file); OutputStream out = exchange.getResponseBody()) {
                    in.transferTo(out);
                }
            }
        }
    }

    /** The regular, readable file inside the root that the request names, or null. */
    private Path resolve(URI requestUri) {
        // getPath() is already percent-decoded, so "%2e%2e" arrives here as "..".
        String path = requestUri.getPath();
        if (path == null || !path.startsWith("/") || path.indexOf('\0') >= 0 || path.indexOf('\\') >= 0) {
            return null;
        }
        try {
            Path candidate = root.resolve(path.substring(1)).normalize();
            if (!candidate.startsWith(root)) {
                return null;
            }
            if (Files.isDirectory(candidate)) {
                candidate = candidate.resolve("index.html");
            }
            if (!Files.isRegularFile(candidate) || !Files.isReadable(candidate)) {
                return null;
            }
            // A symbolic link inside the root must not lead out of it.
            Path real = candidate.toRealPath();
            if (!real.startsWith(root) || !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
            return real;
        } catch (InvalidPathException | IOException e) {
            return null;
        }
    }

    private static String contentType(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(ext, "application/octet-stream");
    }

    private static void plain(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
