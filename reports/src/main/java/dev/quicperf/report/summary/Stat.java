package dev.quicperf.report.summary;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quicperf.report.Numbers;
import java.util.Optional;

/** A mean with its 95% half-width and sample count, as a cell file stores it. */
public record Stat(double mean, double ciHalfWidth, int n) {

    static Optional<Stat> of(JsonNode node) {
        if (node == null || !node.isObject() || !node.path("mean").isNumber()) {
            return Optional.empty();
        }
        double half = node.path("ci95HalfWidth").isNumber() ? node.path("ci95HalfWidth").asDouble() : Double.POSITIVE_INFINITY;
        return Optional.of(new Stat(node.path("mean").asDouble(), half, node.path("n").asInt()));
    }

    /** e.g. {@code 912 ± 41}; a one-sample mean shows no interval. */
    public String format() {
        return Numbers.format(mean) + (Double.isInfinite(ciHalfWidth) ? "" : " ± " + Numbers.format(ciHalfWidth));
    }
}
