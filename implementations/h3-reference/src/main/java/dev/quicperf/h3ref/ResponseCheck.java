package dev.quicperf.h3ref;

import io.netty.handler.codec.http3.Http3Headers;

/**
 * What we can check of a foreign server's answer to {@code GET /<n>}: the final status is 200,
 * the server's content-length (where it sent one) is n, and exactly n DATA bytes arrive before
 * the stream's FIN. The bytes themselves are whatever that server generates (ngtcp2: a fixed
 * filler), not our payload pattern, so they are counted, not compared: the h3 path is
 * length-checked, not content-checked.
 *
 * <p>One per request; each method returns the problem in words, or null while all is well.
 * Called on the event loop only.
 */
final class ResponseCheck {

    private final String request;
    private final long expected;

    private long received;
    private boolean finalHeaders;

    /** @param request the request in words, e.g. "GET /2048", for the messages */
    ResponseCheck(String request, long expected) {
        this.request = request;
        this.expected = expected;
    }

    long received() {
        return received;
    }

    long expected() {
        return expected;
    }

    /** A HEADERS frame: an interim (1xx) response is skipped; the final one is checked; later ones are trailers. */
    String headers(Http3Headers headers) {
        if (finalHeaders) {
            return null; // trailers: nothing we check
        }
        CharSequence status = headers.status();
        if (status == null) {
            return "the response to " + request + " has no :status";
        }
        String code = status.toString();
        if (code.length() == 3 && code.charAt(0) == '1') {
            return null;
        }
        finalHeaders = true;
        if (!code.equals("200")) {
            return "the server answered " + request + " with :status " + code + lengthWords(headers)
                    + " instead of 200 and " + expected + " bytes"
                    + (code.equals("404") ? " (for a numeric path ngtcp2 generates at most --max-dyn-length bytes,"
                    + " 20M by default; start it with a larger one)" : "");
        }
        CharSequence length = headers.get("content-length");
        if (length != null) {
            long announced;
            try {
                announced = Long.parseLong(length.toString().trim());
            } catch (NumberFormatException e) {
                return "the response to " + request + " has content-length '" + length + "', not a number";
            }
            if (announced != expected) {
                return "the response to " + request + " announces content-length " + announced + " instead of "
                        + expected;
            }
        }
        return null;
    }

    /** DATA payload bytes. */
    String data(int bytes) {
        if (!finalHeaders) {
            return "the server sent DATA for " + request + " before a final HEADERS frame";
        }
        received += bytes;
        if (received > expected) {
            return "the server sent more than the " + expected + " bytes asked for by " + request;
        }
        return null;
    }

    /** The stream's FIN: everything the server will send has arrived. */
    String end() {
        if (!finalHeaders) {
            return "the stream of " + request + " ended without a response";
        }
        if (received != expected) {
            return "the response to " + request + " ended after " + received + " of " + expected + " bytes";
        }
        return null;
    }

    /** Where the response stands, for failure messages. */
    String progress() {
        return "received " + received + " of " + expected + " bytes" + (finalHeaders ? "" : ", no response headers");
    }

    private static String lengthWords(Http3Headers headers) {
        CharSequence length = headers.get("content-length");
        return length == null ? "" : " (content-length " + length + ")";
    }
}
