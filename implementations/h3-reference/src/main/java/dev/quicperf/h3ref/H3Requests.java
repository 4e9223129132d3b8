package dev.quicperf.h3ref;

import io.netty.handler.codec.http3.DefaultHttp3HeadersFrame;
import io.netty.handler.codec.http3.Http3HeadersFrame;
import java.net.InetSocketAddress;

/**
 * The requests both clients send: {@code GET /<n>} for n bytes, the convention of ngtcp2's and
 * other h3 example servers for a generated response of that length; {@code POST /<n>} with a
 * body when there is something to upload.
 */
final class H3Requests {

    private H3Requests() {
    }

    /** The path asking for {@code bytes}. */
    static String path(long bytes) {
        return "/" + bytes;
    }

    /** The request line in words, for messages. */
    static String describe(long bytes, long upload) {
        return (upload > 0 ? "POST " : "GET ") + path(bytes) + (upload > 0 ? " (" + upload + " bytes up)" : "");
    }

    /** {@code authority} is the server's {@code host:port} as the user named it. */
    static Http3HeadersFrame headers(String authority, long bytes, long upload) {
        DefaultHttp3HeadersFrame frame = new DefaultHttp3HeadersFrame();
        frame.headers().method(upload > 0 ? "POST" : "GET").scheme("https").authority(authority).path(path(bytes));
        if (upload > 0) {
            frame.headers().set("content-length", Long.toString(upload));
        }
        return frame;
    }

    /** {@code host:port}, the IPv6 literal in brackets. */
    static String authority(String host, InetSocketAddress server) {
        String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return h + ":" + server.getPort();
    }
}
