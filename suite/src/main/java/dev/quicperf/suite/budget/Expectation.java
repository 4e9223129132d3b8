package dev.quicperf.suite.budget;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The right-hand side of a budget, k6 style: {@code "mean >= 100 Mbps"}. Only the mean is
 * bounded, because it is judged on its confidence interval.
 */
public record Expectation(String text, String statistic, Operator operator, double limit, String unit, double canonicalLimit) {

    private static final Pattern FORM = Pattern.compile("^\\s*([a-z0-9_]+)\\s*(>=|<=|>|<)\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([A-Za-zµ/]+)\\s*$");

    public enum Operator {
        GE(">="), GT(">"), LE("<="), LT("<");

        public final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        boolean wantsHigh() {
            return this == GE || this == GT;
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
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not an expectation; write it as \"mean >= 100 "
                    + metric.unit + "\" (statistic, one of >= > <= <, a number, a unit)");
        }
        if (!m.group(1).equals("mean")) {
            throw new IllegalArgumentException("unknown statistic '" + m.group(1) + "' in '" + text
                    + "'; expected mean (budgets are judged on the mean's 95% confidence interval)");
        }
        String unit = m.group(4);
        double factor = metric.factor(unit).orElseThrow(() -> new IllegalArgumentException("unknown unit '" + unit
                + "' for " + metric.key + "; expected one of " + String.join(", ", metric.unitNames())));
        double limit = Double.parseDouble(m.group(3));
        return new Expectation(text.strip(), "mean", Operator.of(m.group(2)), limit, unit, limit * factor);
    }

    String describeLimit() {
        return String.format(Locale.ROOT, "%s %s %s", operator.symbol, Double.toString(limit).replaceAll("\\.0$", ""), unit);
    }
}
