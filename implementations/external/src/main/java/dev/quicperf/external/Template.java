package dev.quicperf.external;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code ${name}} placeholders of a descriptor's argv templates, and {@code ${env:NAME}} for
 * the user's environment (e.g. where they built picoquic). A placeholder is filled in whole;
 * there is no escaping because no QUIC tool's argv needs a literal {@code ${}.
 */
final class Template {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*|env:[A-Za-z_][A-Za-z0-9_]*)}");

    private Template() {
    }

    /** The names a template uses, {@code env:NAME} included. */
    static Set<String> names(String template) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** Fills the placeholders {@code values} knows; leaves the others as they are. */
    static String fill(String template, Map<String, String> values) {
        return replace(template, name -> Optional.ofNullable(values.get(name)));
    }

    /** Fills {@code ${env:NAME}} from {@code env}; empty when a variable is unset or blank. */
    static Optional<String> fillEnvironment(String template, Map<String, String> env) {
        for (String name : names(template)) {
            if (name.startsWith("env:")) {
                String value = env.get(name.substring(4));
                if (value == null || value.isBlank()) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(replace(template, name -> name.startsWith("env:")
                ? Optional.ofNullable(env.get(name.substring(4))) : Optional.empty()));
    }

    /** The environment variables a template needs. */
    static Set<String> environmentNames(String template) {
        Set<String> env = new LinkedHashSet<>();
        names(template).stream().filter(n -> n.startsWith("env:")).forEach(n -> env.add(n.substring(4)));
        return env;
    }

    private static String replace(String template, Function<String, Optional<String>> lookup) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = lookup.apply(m.group(1)).orElse(m.group());
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
