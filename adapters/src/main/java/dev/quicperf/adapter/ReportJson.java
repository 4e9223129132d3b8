package dev.quicperf.adapter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.function.Function;

/**
 * The one-JSON-object-on-stdout reports our clients print ({@link ClientReport},
 * {@link dev.quicperf.adapter.load.LoadReport}): writing them, and reading them back with errors
 * that say what the client printed instead.
 */
public final class ReportJson {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);

    private ReportJson() {
    }

    public static String write(Object report) {
        try {
            return JSON.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + report.getClass().getSimpleName(), e);
        }
    }

    /**
     * Parses a client's stdout as one {@code type} object of schema {@code schema}.
     *
     * @param who      the kind of client, for messages ("client", "load client")
     * @param schemaOf reads the parsed report's schema
     * @throws IllegalArgumentException naming what is wrong
     */
    public static <T> T parse(String text, Class<T> type, String schema, String who, Function<T, String> schemaOf) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException(who + " printed nothing on stdout; expected one " + schema + " JSON object");
        }
        T report;
        try {
            report = JSON.readValue(trimmed, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(who + " stdout is not a " + type.getSimpleName() + " JSON object ("
                    + e.getOriginalMessage() + "): " + (trimmed.length() <= 200 ? trimmed : trimmed.substring(0, 200) + "…"), e);
        }
        if (!schema.equals(schemaOf.apply(report))) {
            throw new IllegalArgumentException(who + " report schema '" + schemaOf.apply(report)
                    + "' is not supported; this harness reads " + schema);
        }
        return report;
    }
}
