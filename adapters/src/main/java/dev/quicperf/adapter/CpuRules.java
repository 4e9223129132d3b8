package dev.quicperf.adapter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * Ordered rules that put a profiler's stack frames into {@link CpuCategory categories}, read
 * from a text file so that they are data an implementation ships, not code. One rule a line:
 * a category id, white space, and a regular expression that is searched for in each frame's
 * name (anchor it with {@code ^} where a prefix is meant). {@code #} starts a comment line.
 *
 * <p>{@code REMAINING} has no rules: it is what no rule claims.
 */
public record CpuRules(List<CpuRule> rules) {

    /** One rule and the file:line it came from, for error messages and reports. */
    public record CpuRule(CpuCategory category, Pattern pattern, String origin) {
    }

    public CpuRules {
        rules = List.copyOf(rules);
    }

    public static CpuRules none() {
        return new CpuRules(List.of());
    }

    /** This file's rules followed by {@code more}'s; precedence still goes by category first. */
    public CpuRules plus(CpuRules more) {
        List<CpuRule> all = new ArrayList<>(rules);
        all.addAll(more.rules);
        return new CpuRules(all);
    }

    public List<Pattern> patterns(CpuCategory category) {
        return rules.stream().filter(r -> r.category == category).map(CpuRule::pattern).toList();
    }

    /**
     * Reads a rule file.
     *
     * @param origin the file's name in error messages
     * @throws IllegalArgumentException naming the line when a category is unknown or a regex is bad
     */
    public static CpuRules parse(String text, String origin) {
        List<CpuRule> rules = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = origin + ":" + (i + 1);
            String[] parts = line.split("\\s+", 2);
            if (parts.length < 2) {
                throw new IllegalArgumentException(where + ": expected '<category> <regex>', got '" + line + "'");
            }
            CpuCategory category = CpuCategory.byId(parts[0]).orElseThrow(() -> new IllegalArgumentException(where
                    + ": unknown category '" + parts[0] + "'; expected one of " + ruleCategories()));
            if (category == CpuCategory.REMAINING) {
                throw new IllegalArgumentException(where + ": 'remaining' takes no rules; it is what no rule claims");
            }
            try {
                rules.add(new CpuRule(category, Pattern.compile(parts[1]), where));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(where + ": bad regular expression: " + e.getDescription()
                        + " near index " + e.getIndex() + " in " + parts[1]);
            }
        }
        return new CpuRules(rules);
    }

    /** Reads a rule file that ships as a resource next to {@code owner}. */
    public static CpuRules load(Class<?> owner, String resource) {
        String origin = owner.getPackageName().replace('.', '/') + "/" + resource;
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(origin + " is missing from the classpath: rebuild the module");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), origin);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + origin + ": " + e.getMessage(), e);
        }
    }

    private static String ruleCategories() {
        return java.util.Arrays.stream(CpuCategory.values()).filter(c -> c != CpuCategory.REMAINING)
                .map(CpuCategory::id).collect(Collectors.joining(", "));
    }
}
