package dev.quicperf.suite.budget;

/** How a cell's numbers stand against one budget. */
public record Verdict(Budget budget, Status status, String message) {

    public enum Status {
        /** The whole confidence interval is on the right side of the limit. */
        PASS,
        /** The whole confidence interval is on the wrong side. */
        FAIL,
        /** The interval straddles the limit: more runs, or a quieter machine, would tell. */
        INCONCLUSIVE
    }
}
