package dev.quicperf.suite.stats;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A {@link Summary} as the cell files write it. */
public final class SummaryJson {

    private SummaryJson() {
    }

    public static ObjectNode of(Summary s) {
        // JSON has no infinity: a one-sample interval is written as null.
        Double half = Double.isInfinite(s.ciHalfWidth()) ? null : s.ciHalfWidth();
        return JsonNodeFactory.instance.objectNode().put("mean", s.mean()).put("ci95HalfWidth", half)
                .put("stddev", s.stddev()).put("min", s.min()).put("max", s.max()).put("n", s.n());
    }
}
