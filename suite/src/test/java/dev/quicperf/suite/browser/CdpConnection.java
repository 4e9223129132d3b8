package dev.quicperf.suite.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quicperf.suite.browser.HeadlessChromium.CdpException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The Chrome DevTools Protocol connection to one browser, over a WebSocket: sends numbered
 * commands, matches the answers to them and hands on the events. Once the connection or the page
 * it drives is gone, every command fails at once instead of waiting out its timeout.
 */
final class CdpConnection {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final ExecutorService events;
    private final Consumer<JsonNode> requestPaused;
    private final Object sendLock = new Object();
    private volatile WebSocket socket;
    private volatile String closedBecause;
    private volatile String watchedSession;

    /** {@code requestPaused} gets each {@code Fetch.requestPaused} event, on a thread of its own. */
    CdpConnection(String name, Consumer<JsonNode> requestPaused) {
        this.requestPaused = requestPaused;
        this.events = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "cdp-events-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    void connect(URI endpoint, Duration timeout) throws IOException {
        HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).connectTimeout(timeout).build();
        try {
            socket = http.newWebSocketBuilder().connectTimeout(timeout).buildAsync(endpoint, new Listener())
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException("cannot connect to chromium's DevTools at " + endpoint + ": " + e.getCause(), e);
        } catch (TimeoutException e) {
            throw new IOException("no DevTools connection to " + endpoint + " within " + Durations.seconds(timeout), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting to chromium", e);
        }
    }

    /** Fails every command, pending and later, once this session's target detaches: the page we drive is gone. */
    void watch(String sessionId) {
        watchedSession = sessionId;
    }

    /** A number not used before on this connection, by a command or by a caller that needs one. */
    long nextId() {
        return ids.incrementAndGet();
    }

    /** Connected, and neither closed nor broken since. */
    boolean isOpen() {
        return socket != null && closedBecause == null;
    }

    /** Sends a command, to the browser if {@code session} is null, and returns its result. */
    JsonNode send(String method, ObjectNode params, String session, Duration limit) {
        long id = nextId();
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        if (session != null) {
            message.put("sessionId", session);
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            String why = closedBecause;
            if (why != null) {
                throw new CdpException(method, why);
            }
            WebSocket ws = socket;
            if (ws == null) {
                throw new CdpException(method, "not connected");
            }
            synchronized (sendLock) {
                ws.sendText(message.toString(), true).get(limit.toMillis(), TimeUnit.MILLISECONDS);
            }
            JsonNode response = answer.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            JsonNode error = response.get("error");
            if (error != null) {
                String data = error.path("data").asText("");
                String text = error.path("message").asText("?");
                throw new CdpException(method, text + " (code " + error.path("code").asInt()
                        + (data.isEmpty() ? "" : ", " + data) + ")", text);
            }
            return response.path("result");
        } catch (TimeoutException e) {
            throw new CdpException(method, "no answer within " + Durations.seconds(limit));
        } catch (ExecutionException e) {
            throw new CdpException(method, String.valueOf(e.getCause().getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CdpException(method, "interrupted");
        } finally {
            pending.remove(id);
        }
    }

    /** Drops the connection; what is pending fails with "browser closed", and so does what comes later. */
    void close() {
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
        failPending("browser closed");
        events.shutdownNow();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                received(message);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            failPending("DevTools connection closed (" + statusCode + " " + reason + ")");
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            failPending("DevTools connection failed: " + error);
        }
    }

    private void received(String text) {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (IOException e) {
            return;
        }
        JsonNode id = message.get("id");
        if (id != null) {
            CompletableFuture<JsonNode> answer = pending.get(id.asLong());
            if (answer != null) {
                answer.complete(message);
            }
            return;
        }
        String method = message.path("method").asText();
        if (method.equals("Fetch.requestPaused")) {
            // Answered off the socket's thread: send() blocks until the answer comes back on it.
            try {
                events.execute(() -> requestPaused.accept(message));
            } catch (RejectedExecutionException e) {
                // closing: the request dies with the browser
            }
        } else if (method.equals("Inspector.detached") || method.equals("Inspector.targetCrashed")
                || (method.equals("Target.detachedFromTarget") && message.path("params").path("sessionId").asText()
                        .equals(watchedSession))) {
            failPending("page gone: " + method + " " + message.path("params"));
        }
    }

    private void failPending(String why) {
        if (closedBecause == null) {
            closedBecause = why;
        }
        pending.values().forEach(f -> f.completeExceptionally(new IOException(why)));
    }
}
