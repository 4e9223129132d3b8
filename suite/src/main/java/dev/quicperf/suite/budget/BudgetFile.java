package dev.quicperf.suite.budget;

import dev.quicperf.suite.ByteSize;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a budgets file: a YAML list of {@code where} selector + {@code expect} metric map.
 * Everything is checked up front, and the first problem stops the run with its file:line and
 * what was expected, so a typo never silently disables a budget.
 *
 * <pre>
 * - where: { scenario: goodput, implementation: kwik, environment: linux, size: 20MB }
 *   expect:
 *     goodput: "mean >= 100 Mbps"
 *     cpu_per_mb: "mean <= 40 ms"
 * </pre>
 */
public final class BudgetFile {

    private final String source;
    private final Map<String, Collection<String>> knownValues;

    /**
     * @param knownValues for each selector key with a closed set of values (implementation,
     *                    environment, scenario), the values a selector may name
     */
    private BudgetFile(String source, Map<String, Collection<String>> knownValues) {
        this.source = source;
        this.knownValues = knownValues;
    }

    public static List<Budget> load(Path file, Map<String, Collection<String>> knownValues) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new BudgetFileException(file.toString(), 0, "budgets file does not exist; pass an existing"
                    + " YAML file with -Dquicperf.budgets=PATH or leave it out for the suite's default");
        } catch (IOException e) {
            throw new BudgetFileException(file.toString(), 0, "cannot read budgets file: " + e.getMessage(), e);
        }
        return parse(file.toString(), text, knownValues);
    }

    public static List<Budget> parse(String source, String text, Map<String, Collection<String>> knownValues) {
        return new BudgetFile(source, knownValues).read(text);
    }

    private List<Budget> read(String text) {
        Node root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
            throw new BudgetFileException(source, line, "not valid YAML: " + e.getProblem()
                    + (e.getContext() != null ? " (" + e.getContext() + ")" : ""), e);
        } catch (YAMLException e) {
            throw new BudgetFileException(source, 0, "not valid YAML: " + e.getMessage(), e);
        }
        if (root == null) {
            return List.of();
        }
        if (!(root instanceof SequenceNode list)) {
            throw error(root, "expected a list of budgets, each '- where: {...}' with 'expect: {...}'");
        }
        List<Budget> budgets = new ArrayList<>();
        for (Node entry : list.getValue()) {
            budgets.addAll(entry(entry));
        }
        return List.copyOf(budgets);
    }

    private List<Budget> entry(Node node) {
        MappingNode map = mapping(node, "a budget: a map with 'where' and 'expect'");
        Node where = null;
        Node expect = null;
        for (NodeTuple t : map.getValue()) {
            String key = scalar(t.getKeyNode(), "a key");
            switch (key) {
                case "where" -> where = t.getValueNode();
                case "expect" -> expect = t.getValueNode();
                default -> throw error(t.getKeyNode(), "unknown key '" + key + "' in a budget; expected where, expect");
            }
        }
        if (where == null || expect == null) {
            throw error(node, "a budget needs both 'where' (the cells) and 'expect' (the limits)");
        }
        Selector selector = selector(where);
        String scenario = selector.values().get("scenario");
        List<Budget> budgets = new ArrayList<>();
        for (NodeTuple t : mapping(expect, "a map of metric: \"mean >= N unit\"").getValue()) {
            String key = scalar(t.getKeyNode(), "a metric name");
            Metric metric = Metric.byKey(key).orElseThrow(() -> error(t.getKeyNode(),
                    "unknown metric '" + key + "'; expected one of " + String.join(", ", Metric.keys())));
            if (scenario != null && !metric.scenarios.contains(scenario)) {
                throw error(t.getKeyNode(), "metric '" + key + "' belongs to scenario(s) "
                        + String.join(", ", new java.util.TreeSet<>(metric.scenarios))
                        + ", but this budget selects scenario " + scenario);
            }
            String text = scalar(t.getValueNode(), "an expectation such as \"mean >= 100 " + metric.unit + "\"");
            Expectation expectation;
            try {
                expectation = Expectation.parse(text, metric);
            } catch (IllegalArgumentException e) {
                throw error(t.getValueNode(), e.getMessage());
            }
            budgets.add(new Budget(selector, metric, expectation, source, line(t.getKeyNode())));
        }
        return budgets;
    }

    private Selector selector(Node node) {
        Map<String, String> values = new HashMap<>();
        for (NodeTuple t : mapping(node, "a selector map such as { implementation: kwik, size: 20MB }").getValue()) {
            String key = scalar(t.getKeyNode(), "a selector key");
            if (!Selector.KEYS.contains(key)) {
                throw error(t.getKeyNode(), "unknown selector key '" + key + "'; expected one of "
                        + String.join(", ", Selector.KEYS));
            }
            String value = scalar(t.getValueNode(), "a value for selector key " + key);
            if (key.equals("size")) {
                try {
                    value = ByteSize.format(ByteSize.parse(value));
                } catch (IllegalArgumentException e) {
                    throw error(t.getValueNode(), e.getMessage());
                }
            }
            Collection<String> allowed = knownValues.get(key);
            if (allowed != null && !allowed.contains(value)) {
                throw error(t.getValueNode(), "unknown " + key + " '" + value + "'; expected one of "
                        + String.join(", ", allowed));
            }
            values.put(key, value);
        }
        return new Selector(values);
    }

    private MappingNode mapping(Node node, String expected) {
        if (node instanceof MappingNode m) {
            return m;
        }
        throw error(node, "expected " + expected);
    }

    private String scalar(Node node, String expected) {
        if (node instanceof ScalarNode s) {
            return s.getValue();
        }
        throw error(node, "expected " + expected);
    }

    private BudgetFileException error(Node node, String problem) {
        return new BudgetFileException(source, line(node), problem);
    }

    private static int line(Node node) {
        return node.getStartMark() != null ? node.getStartMark().getLine() + 1 : 0;
    }
}
