package dev.quicperf.suite.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A headless Chromium driven over the Chrome DevTools Protocol (CDP), for looking at pages served
 * on 127.0.0.1. One browser process tree, one page, one temporary profile; {@link #close()} kills
 * the whole tree and deletes the profile, also after a launch that failed half-way.
 *
 * <p>Chromium never reaches the network, in two layers:
 * <ul>
 * <li>Pages: {@link #navigate} takes only {@code http://127.0.0.1} URLs, and every request of
 *     every page (scripts, XHR, frames, popups) is intercepted browser-wide with
 *     {@code Fetch.enable}; those for another host are failed and listed in
 *     {@link #blockedRequests()}. The Allure report, for one, asks for Google Tag Manager.
 * <li>The browser itself: even with {@code --disable-background-networking} Chromium 156 looks up
 *     and contacts accounts.google.com, clients2.google.com and update.googleapis.com on its own,
 *     past any page and so past {@code Fetch}. Its environment names a proxy
 *     ({@code http_proxy}, {@code https_proxy}, {@code all_proxy}) that is a socket of ours on
 *     127.0.0.1, which answers every request with 403 and lists it in {@link #blockedRequests()};
 *     Chromium leaves name resolution to the proxy and never uses one for loopback addresses.
 * </ul>
 *
 * <pre>{@code
 * Assumptions.assumeTrue(HeadlessChromium.unavailableBecause().isEmpty(), ...);
 * try (HeadlessChromium browser = HeadlessChromium.launch()) {
 *     browser.navigate("http://127.0.0.1:" + port + "/");
 *     browser.waitFor("document.querySelector('h1') !== null", Duration.ofSeconds(10));
 *     byte[] png = browser.screenshotPng();
 * }
 * }</pre>
 */
public final class HeadlessChromium implements AutoCloseable {


    public static final int DEFAULT_WIDTH = 1400;
    public static final int DEFAULT_HEIGHT = 1000;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(100);

    private final Path tempDir;
    private final Duration timeout;
    private final List<String> blocked = new CopyOnWriteArrayList<>();
    private final ProxySinkhole sinkhole;
    private final ChromiumProcess chromium;
    private final ProcessTree processes;
    private final CdpConnection cdp;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook;
    private volatile String sessionId;

    private HeadlessChromium(Path tempDir, Duration timeout) throws IOException {
        this.sinkhole = new ProxySinkhole("proxy-sinkhole-" + tempDir.getFileName(), blocked::add);
        this.tempDir = tempDir;
        this.timeout = timeout;
        this.chromium = new ChromiumProcess(tempDir);
        this.processes = new ProcessTree(tempDir);
        this.cdp = new CdpConnection(tempDir.getFileName().toString(), this::onRequestPaused);
        this.shutdownHook = new Thread(this::close, "close-" + tempDir.getFileName());
    }

    /**
     * Why this machine cannot run the browser, or empty if it can: not Linux, no {@code chromium} on
     * PATH, or one that does not start ({@code --version} fails). Checked once per JVM.
     */
    public static Optional<String> unavailableBecause() {
        return ChromiumBinary.unavailableBecause();
    }

    /** {@link #launch(int, int, Duration)} with a 1400×1000 window and 30 s timeouts. */
    public static HeadlessChromium launch() throws IOException {
        return launch(DEFAULT_WIDTH, DEFAULT_HEIGHT, DEFAULT_TIMEOUT);
    }

    /**
     * Starts Chromium with a fresh profile and an about:blank page, connects to it and sets up the
     * request filter. {@code timeout} bounds the start and each later DevTools command.
     */
    public static HeadlessChromium launch(int width, int height, Duration timeout) throws IOException {
        Optional<String> why = unavailableBecause();
        if (why.isPresent()) {
            throw new IOException("cannot launch chromium: " + why.get());
        }
        Path tempDir = Files.createTempDirectory("quicperf-chromium-");
        HeadlessChromium browser;
        try {
            browser = new HeadlessChromium(tempDir, timeout);
        } catch (IOException | RuntimeException e) {
            ChromiumProcess.deleteTree(tempDir);
            throw e;
        }
        try {
            browser.start(width, height);
            return browser;
        } catch (IOException | RuntimeException | Error e) {
            browser.close();
            throw e;
        }
    }

    /**
     * Loads {@code url} (an http URL on 127.0.0.1) in the page and waits until its document is
     * complete. A URL that only changes the fragment does not load a new document. Fails if the
     * page cannot be loaded or its server answers with an HTTP error status.
     */
    public void navigate(String url) {
        if (!local(url) || !(url.startsWith("http://") || url.startsWith("https://"))) {
            throw new IllegalArgumentException("only http URLs on 127.0.0.1 may be loaded, not " + url);
        }
        // Marks the document we leave, so that we do not take it for the new one.
        String mark = "quicperfLeft" + cdp.nextId();
        evaluate("window." + mark + " = true");
        JsonNode result = page("Page.navigate", JSON.createObjectNode().put("url", url));
        String error = result.path("errorText").asText("");
        if (!error.isEmpty()) {
            throw new CdpException("Page.navigate", "cannot load " + url + ": " + error);
        }
        // A same-document navigation (the fragment only) has no loader of its own.
        boolean newDocument = result.hasNonNull("loaderId");
        String loaded = newDocument ? "document.readyState === 'complete' && !window." + mark : "document.readyState === 'complete'";
        if (!waitFor(loaded, timeout)) {
            throw new CdpException("Page.navigate", url + " did not finish loading within " + Durations.seconds(timeout));
        }
        int status = evaluate("(() => { const n = performance.getEntriesByType('navigation')[0];"
                + " return n && n.responseStatus ? n.responseStatus : 0; })()").asInt();
        if (status >= 400) {
            throw new CdpException("Page.navigate", url + " answered HTTP " + status);
        }
    }

    /**
     * Evaluates {@code expression} in the page, awaits it if it is a promise and returns its value
     * as JSON ({@link NullNode} for undefined). A thrown exception becomes a {@link CdpException}.
     */
    public JsonNode evaluate(String expression) {
        return evaluate(expression, timeout);
    }

    /**
     * Polls {@code jsPredicate} (an expression, sync or a promise) every 100 ms until it is truthy;
     * false if it is not within {@code limit}. An exception thrown while evaluating it counts as
     * false (the element may not be there yet); a syntax error does not, it throws.
     */
    public boolean waitFor(String jsPredicate, Duration limit) {
        String poll = "(async () => { try { return !!(await (" + jsPredicate + "\n)); } catch (e) { return false; } })()";
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            try {
                if (evaluate(poll, Duration.ofNanos(Math.max(left, 0)).plus(Duration.ofSeconds(1))).asBoolean(false)) {
                    return true;
                }
            } catch (CdpException e) {
                // A navigation replaces the execution context while we ask; anything else is real.
                String error = e.protocolError().orElse("");
                if (!error.contains("context") && !error.contains("navigated")) {
                    throw e;
                }
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Durations.sleep(Math.min(POLL.toNanos(), Math.max(deadline - System.nanoTime(), 0)));
        }
    }

    /** A PNG of the page's viewport as it is now. */
    public byte[] screenshotPng() {
        JsonNode result = page("Page.captureScreenshot", JSON.createObjectNode().put("format", "png"));
        return Base64.getDecoder().decode(result.path("data").asText());
    }

    /**
     * The requests for other hosts than 127.0.0.1 that were stopped, in order: a page's as its URL,
     * the browser's own as the request line it sent the proxy (e.g. {@code CONNECT accounts.google.com:443 HTTP/1.1}).
     */
    public List<String> blockedRequests() {
        return List.copyOf(blocked);
    }

    /** The process id of the browser (the root of its process tree). */
    public long pid() {
        return chromium.process().pid();
    }

    /** The directory that holds the profile and the browser's log; gone after {@link #close()}. */
    public Path tempDir() {
        return tempDir;
    }

    /** Chromium's stderr so far (the last 4,000 characters), for failure messages. */
    public String logTail() {
        return chromium.logTail();
    }

    /**
     * Ends the browser and every process it started, then deletes the temporary profile. Safe to
     * call twice, and on a browser whose launch failed.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // The JVM is shutting down (we may be the hook), or the hook was never added.
        }
        try {
            processes.stop(this::askToClose);
        } finally {
            cdp.close();
            sinkhole.close();
            ChromiumProcess.deleteTree(tempDir);
        }
    }

    /** Thrown when a DevTools command fails, times out, or the page throws. */
    public static final class CdpException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String method;
        private final String protocolError;

        CdpException(String method, String message) {
            this(method, message, null);
        }

        CdpException(String method, String message, String protocolError) {
            super(method + ": " + message);
            this.method = method;
            this.protocolError = protocolError;
        }

        /** The DevTools method that failed, e.g. {@code Runtime.evaluate}. */
        public String method() {
            return method;
        }

        /** The error message the browser answered with; empty if the failure was not such an answer. */
        public Optional<String> protocolError() {
            return Optional.ofNullable(protocolError);
        }
    }

    private void start(int width, int height) throws IOException {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        sinkhole.start();
        processes.root(chromium.start(width, height, sinkhole.url()));
        URI endpoint = chromium.devToolsEndpoint(timeout);
        processes.remember();
        cdp.connect(endpoint, timeout);

        // Browser-wide: every request of every target passes here first (see onRequestPaused).
        browser("Fetch.enable", JSON.createObjectNode());
        String target = browser("Target.createTarget", JSON.createObjectNode().put("url", "about:blank"))
                .path("targetId").asText();
        sessionId = browser("Target.attachToTarget", JSON.createObjectNode().put("targetId", target).put("flatten", true))
                .path("sessionId").asText();
        cdp.watch(sessionId);
        page("Emulation.setDeviceMetricsOverride", JSON.createObjectNode().put("width", width).put("height", height)
                .put("deviceScaleFactor", 1).put("mobile", false));
        processes.remember();
    }

    /** Asks the browser to close itself, if it still listens; true if it was asked. */
    private boolean askToClose() {
        if (!cdp.isOpen()) {
            return false;
        }
        try {
            cdp.send("Browser.close", JSON.createObjectNode(), null, Duration.ofSeconds(2));
        } catch (CdpException e) {
            // It may close the connection before it answers; the processes are checked afterwards anyway.
        }
        return true;
    }

    private void onRequestPaused(JsonNode message) {
        JsonNode params = message.path("params");
        String url = params.path("request").path("url").asText();
        String session = message.hasNonNull("sessionId") ? message.get("sessionId").asText() : null;
        ObjectNode answer = JSON.createObjectNode().put("requestId", params.path("requestId").asText());
        try {
            if (local(url)) {
                cdp.send("Fetch.continueRequest", answer, session, timeout);
            } else {
                blocked.add(url);
                cdp.send("Fetch.failRequest", answer.put("errorReason", "BlockedByClient"), session, timeout);
            }
        } catch (CdpException e) {
            // The request was cancelled meanwhile, or the browser is closing.
        }
    }

    private static boolean local(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https") || scheme.equals("ws") || scheme.equals("wss"))
                    && "127.0.0.1".equals(uri.getHost());
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private JsonNode evaluate(String expression, Duration limit) {
        ObjectNode params = JSON.createObjectNode().put("expression", expression).put("returnByValue", true)
                .put("awaitPromise", true);
        JsonNode result = cdp.send("Runtime.evaluate", params, sessionId, limit);
        JsonNode exception = result.get("exceptionDetails");
        if (exception != null) {
            String description = exception.path("exception").path("description").asText(null);
            throw new CdpException("Runtime.evaluate", (description != null ? description : exception.path("text").asText())
                    + " (evaluating " + abbreviate(expression, 200) + ")");
        }
        JsonNode value = result.path("result").get("value");
        return value == null ? NullNode.getInstance() : value;
    }

    private JsonNode page(String method, ObjectNode params) {
        return cdp.send(method, params, sessionId, timeout);
    }

    private JsonNode browser(String method, ObjectNode params) {
        return cdp.send(method, params, null, timeout);
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }

    @Override
    public String toString() {
        Process p = chromium.process();
        return "HeadlessChromium[pid " + (p == null ? "-" : p.pid()) + ", " + tempDir + "]";
    }
}
