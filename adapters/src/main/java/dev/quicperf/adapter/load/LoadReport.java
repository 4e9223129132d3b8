package dev.quicperf.adapter.load;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.quicperf.adapter.ReportJson;
import java.util.List;

/**
 * What a load client prints, as one JSON object on stdout, after one run. Versioned like the
 * goodput client's report.
 *
 * <p>Counts and times cover the timed phase only; {@code warmupCompleted} requests ran before it
 * on the same server. {@code durationNanos} runs from the first timed request's start to the last
 * one's end. {@code clientCpuNanos} is this process's CPU over that phase and {@code cpus} the
 * cores it was allowed to run on, so a harness can tell a client-bound run. Histograms are
 * {@link LatencyHistograms} encodings in nanoseconds: {@code connectHistogram} from the connect
 * call to the completed handshake, {@code requestHistogram} from a request's start (connect
 * included, where each request opens its own connection) to its response's FIN.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record LoadReport(
        String schema,
        String scenario,
        String implementation,
        String version,
        boolean ok,
        int connections,
        long requested,
        long warmupCompleted,
        long completed,
        long failed,
        long bytesVerified,
        long durationNanos,
        long clientCpuNanos,
        int cpus,
        String connectHistogram,
        String requestHistogram,
        List<String> errors,
        String error) {

    public static final String SCHEMA = "quicperf.load-report/1";


    public LoadReport {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public String toJson() {
        return ReportJson.write(this);
    }

    /** Completed requests (or handshakes) per second of the timed phase. */
    public double perSecond() {
        return durationNanos > 0 ? completed * 1e9 / durationNanos : Double.NaN;
    }

    /** Client CPU as a share of what its cores could give over the timed phase (1.0 = all of them busy). */
    public double clientCpuShare() {
        return durationNanos > 0 && clientCpuNanos >= 0 ? clientCpuNanos / (durationNanos * (double) Math.max(1, cpus))
                : Double.NaN;
    }

    /**
     * Parses a load client's stdout.
     *
     * @throws IllegalArgumentException naming what is wrong, when the text is not a report of a known schema
     */
    public static LoadReport parse(String text) {
        return ReportJson.parse(text, LoadReport.class, SCHEMA, "load client", LoadReport::schema);
    }
}
