package dev.quicperf.suite.stats;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quicperf.adapter.load.LatencyHistograms;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * A latency histogram (nanoseconds) in the terms a report uses: milliseconds, the percentiles
 * the study and its readers ask for, and the points of its CDF.
 */
public record LatencyDistribution(long count, double meanMs, double p50Ms, double p90Ms, double p99Ms, double p999Ms,
        double maxMs, List<double[]> cdf) {

    /** Percentile ticks per halving of the distance to 100%: dense enough to draw the tail. */
    private static final int TICKS_PER_HALF = 5;

    public static LatencyDistribution of(Histogram h) {
        if (h.getTotalCount() == 0) {
            return new LatencyDistribution(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    List.of());
        }
        List<double[]> cdf = new ArrayList<>();
        for (HistogramIterationValue v : h.percentiles(TICKS_PER_HALF)) {
            cdf.add(new double[] {ms(v.getValueIteratedTo()), v.getPercentileLevelIteratedTo() / 100.0});
        }
        return new LatencyDistribution(h.getTotalCount(), h.getMean() / 1e6, ms(h.getValueAtPercentile(50)),
                ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)),
                ms(h.getMaxValue()), List.copyOf(cdf));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** As JSON: the percentiles, the CDF as [ms, fraction] pairs, and the lossless histogram itself. */
    public static ObjectNode json(Histogram h) {
        LatencyDistribution d = of(h);
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("count", d.count);
        if (d.count > 0) {
            n.put("meanMs", d.meanMs).put("p50Ms", d.p50Ms).put("p90Ms", d.p90Ms).put("p99Ms", d.p99Ms)
                    .put("p99_9Ms", d.p999Ms).put("maxMs", d.maxMs);
            ArrayNode points = n.putArray("cdf");
            d.cdf.forEach(p -> points.addArray().add(p[0]).add(p[1]));
        }
        n.put("unit", "ms");
        n.put("hdrHistogramNanos", LatencyHistograms.encode(h));
        return n;
    }
}
