package dev.quicperf.suite.budget;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The right-hand side of a budget, k6 style: {@code "mean >= 100 Mbps"} bounds the mean, judged
 * on its confidence interval; {@code ">= -5% vs baseline"} bounds the change against the same
 * cell of an earlier run ({@code -Dquicperf.baseline}), judged on the interval of that change.
 *
 * @param canonicalLimit the limit in the metric's canonical unit, or as a fraction (-0.05) when relative
 */
public record Expectation(String text, String statistic, Operator operator, double limit, String unit,
        double canonicalLimit, boolean relative) {

    private static final Pattern FORM = Pattern.compile("^\\s*([a-z0-9_]+)\\s*(>=|<=|>|<)\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([A-Za-zµ/]+)\\s*$");
    private static final Pattern RELATIVE = Pattern.compile(
            "^\\s*(>=|<=|>|<)\\s*([-+]?[0-9]+(?:\\.[0-9]+)?)\\s*%\\s*vs\\s+baseline\\s*$");

    public enum Operator {
        GE(">="), GT(">"), LE("<="), LT("<");

        public final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        boolean holds(double value, double limit) {
            return switch (this) {
                case GE -> value >= limit;
                case GT -> value > limit;
                case LE -> value <= limit;
                case LT -> value < limit;
            };
        }

        static Operator of(String symbol) {
            for (Operator o : values()) {
                if (o.symbol.equals(symbol)) {
                    return o;
                }
            }
            throw new IllegalArgumentException(symbol);
        }
    }

    /**
     * @throws IllegalArgumentException with what is expected, when {@code text} does not parse for {@code metric}
     */
    public static Expectation parse(String text, Metric metric) {
        Matcher r = RELATIVE.matcher(text);
        if (r.matches()) {
            if (metric.cellJsonKey().isEmpty()) {
                throw new IllegalArgumentException("'" + text + "': " + metric.key + " is already a ratio measured in"
                        + " the same run and has no baseline to compare with; bound it as \"mean >= 0.8 x\"");
            }
            double percent = Double.parseDouble(r.group(2));
            return new Expectation(text.strip(), "change", Operator.of(r.group(1)), percent, "%", percent / 100, true);
        }
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not an expectation; write it as \"mean >= 100 "
                    + metric.unit + "\" (statistic, one of >= > <= <, a number, a unit) or as \">= -5% vs baseline\""
                    + " (the change against -Dquicperf.baseline)");
        }
        if (!m.group(1).equals("mean")) {
            throw new IllegalArgumentException("unknown statistic '" + m.group(1) + "' in '" + text
                    + "'; expected mean (budgets are judged on the mean's 95% confidence interval)");
        }
        String unit = m.group(4);
        double factor = metric.factor(unit).orElseThrow(() -> new IllegalArgumentException("unknown unit '" + unit
                + "' for " + metric.key + "; expected one of " + String.join(", ", metric.unitNames())));
        double limit = Double.parseDouble(m.group(3));
        return new Expectation(text.strip(), "mean", Operator.of(m.group(2)), limit, unit, limit * factor, false);
    }
}
