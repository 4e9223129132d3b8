package dev.quicperf.adapter;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.function.Function;

/**
 * The one-JSON-object-on-stdout reports our clients print ({@link ClientReport},
 * {@link dev.quicperf.adapter.load.LoadReport}): writing them, and reading them back with errors
 * that say what the client printed instead.
 *
 * <p>Writing streams the record's components through jackson-core rather than databind: a client
 * writes one report just before it exits, and in its cold JVM databind's introspection took
 * 0.6-0.8 s, paid by every one of the suite's client runs.
 */
public final class ReportJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private ReportJson() {
    }

    /** Reading needs databind; loaded only by the harness, which reads. */
    private static final class Reader {
        static final ObjectMapper JSON = new ObjectMapper()
                .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);
    }

    /** The record as one JSON object: its components in order, null ones left out. */
    public static String write(Record report) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            for (RecordComponent c : report.getClass().getRecordComponents()) {
                Object value = c.getAccessor().invoke(report);
                if (value != null) {
                    g.writeFieldName(c.getName());
                    writeValue(g, value, report, c);
                }
            }
            g.writeEndObject();
        } catch (IOException | ReflectiveOperationException e) {
            throw new IllegalStateException("cannot serialise " + report.getClass().getSimpleName(), e);
        }
        return out.toString();
    }

    private static void writeValue(JsonGenerator g, Object value, Record report, RecordComponent c) throws IOException {
        if (value instanceof String s) {
            g.writeString(s);
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Integer i) {
            g.writeNumber(i);
        } else if (value instanceof Long l) {
            g.writeNumber(l);
        } else if (value instanceof Double d) {
            g.writeNumber(d);
        } else if (value instanceof List<?> list) {
            g.writeStartArray();
            for (Object item : list) {
                writeValue(g, item, report, c);
            }
            g.writeEndArray();
        } else {
            throw new IllegalStateException(report.getClass().getSimpleName() + "." + c.getName() + " is a "
                    + value.getClass().getSimpleName() + ", which reports do not carry");
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
            report = Reader.JSON.readValue(trimmed, type);
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
