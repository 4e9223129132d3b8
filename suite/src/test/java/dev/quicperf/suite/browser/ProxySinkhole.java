package dev.quicperf.suite.browser;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The proxy Chromium is told to use for everything but 127.0.0.1: a socket on 127.0.0.1 that
 * refuses every request with 403 and passes on its request line (e.g.
 * {@code CONNECT accounts.google.com:443 HTTP/1.1}). That stops what the browser contacts on its
 * own, past any page, and shows what it tried.
 */
final class ProxySinkhole {

    private final ServerSocket server;
    private final String threadName;
    private final Consumer<String> refused;

    /** Takes a port already, so that a failure to get one fails before anything is started. */
    ProxySinkhole(String threadName, Consumer<String> refused) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        this.threadName = threadName;
        this.refused = refused;
    }

    /** The proxy URL for Chromium's environment. */
    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Answers requests from now on, until {@link #close()}, on a daemon thread. */
    void start() {
        Thread sink = new Thread(this::serve, threadName);
        sink.setDaemon(true);
        sink.start();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.setSoTimeout(2000);
                StringBuilder line = new StringBuilder();
                InputStream in = s.getInputStream();
                for (int c = in.read(); c >= 0 && c != '\n' && line.length() < 2000; c = in.read()) {
                    if (c != '\r') {
                        line.append((char) c);
                    }
                }
                refused.accept(line.length() == 0 ? "(a proxy connection that sent nothing)" : line.toString());
                s.getOutputStream().write("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                // closed, or a client that hung up: next
            }
        }
    }

    void close() {
        try {
            server.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}
