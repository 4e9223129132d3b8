package dev.quicperf.adapter;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a client prints, as one JSON object on stdout, after one run. The schema is versioned:
 * a harness refuses a report whose {@code schema} it does not know.
 *
 * <p>Times are nanoseconds. {@code handshakeNanos} runs from the connect call to the completed
 * handshake; {@code transferNanos} from the first request byte written to the response's FIN.
 * Goodput counts {@code bytesVerified} over {@code transferNanos}. {@code localPort} is the
 * client's UDP port on the timed connection (0 before it had one): the server names it as the
 * peer in its {@link ConnectionStatsLine}, so the harness finds that connection's packet count
 * among others, a client's warm-up connection included.
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
        int localPort,
        String error) {

    public static final String SCHEMA = "quicperf.client-report/1";


    public String toJson() {
        return ReportJson.write(this);
    }

    /**
     * Parses a client's stdout.
     *
     * @throws IllegalArgumentException naming what is wrong, when the text is not a report of a known schema
     */
    public static ClientReport parse(String text) {
        return ReportJson.parse(text, ClientReport.class, SCHEMA, "client", ClientReport::schema);
    }
}
