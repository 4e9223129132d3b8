package dev.quicperf.adapter;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What a client prints, as one JSON object on stdout, after one run. The schema is versioned:
 * a harness refuses a report whose {@code schema} it does not know.
 *
 * <p>Times are nanoseconds. {@code handshakeNanos} runs from the connect call to the completed
 * handshake; {@code transferNanos} from the first request byte written to the response's FIN.
 * Goodput counts {@code bytesVerified} over {@code transferNanos}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClientReport(
        String schema,
        String implementation,
        String version,
        boolean ok,
        long bytesRequested,
        long bytesReceived,
        long bytesVerified,
        long bytesUploaded,
        long handshakeNanos,
        long transferNanos,
        long totalNanos,
        long clientCpuNanos,
        String error) {

    public static final String SCHEMA = "quicperf.client-report/1";

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise client report", e);
        }
    }

    /**
     * Parses a client's stdout.
     *
     * @throws IllegalArgumentException naming what is wrong, when the text is not a report of a known schema
     */
    public static ClientReport parse(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("client printed nothing on stdout; expected one "
                    + SCHEMA + " JSON object");
        }
        ClientReport report;
        try {
            report = JSON.readValue(trimmed, ClientReport.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("client stdout is not a ClientReport JSON object ("
                    + e.getOriginalMessage() + "): " + abbreviate(trimmed), e);
        }
        if (!SCHEMA.equals(report.schema())) {
            throw new IllegalArgumentException("client report schema '" + report.schema()
                    + "' is not supported; this harness reads " + SCHEMA);
        }
        return report;
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
}
