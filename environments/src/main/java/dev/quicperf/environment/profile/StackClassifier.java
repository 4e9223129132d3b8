package dev.quicperf.environment.profile;

import dev.quicperf.adapter.CpuCategory;
import dev.quicperf.adapter.CpuRules;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Puts each sampled stack into one {@link CpuCategory}: the first category, in precedence
 * order, one of whose rules matches any frame of the stack. Matching any frame rather than the
 * leaf makes a category mean "time spent inside this call", the way the study's RDTSC brackets
 * around sendmsg() or the TLS library counted it.
 */
public final class StackClassifier {

    /** The rules every server shares; each implementation adds its own. */
    public static final String COMMON_RULES = "common-cpu-rules.txt";

    private final Map<CpuCategory, List<Pattern>> rules = new EnumMap<>(CpuCategory.class);
    /** Frame names repeat across stacks; each is matched against each category once. */
    private final Map<String, Long> frameCategories = new HashMap<>();

    public StackClassifier(CpuRules rules) {
        for (CpuCategory c : CpuCategory.values()) {
            this.rules.put(c, rules.patterns(c));
        }
    }

    /** The common rules followed by {@code implementationRules}. */
    public static StackClassifier withCommonRules(CpuRules implementationRules) {
        return new StackClassifier(commonRules().plus(implementationRules));
    }

    public static CpuRules commonRules() {
        return CpuRules.load(StackClassifier.class, COMMON_RULES);
    }

    /** @param stack frames from root to leaf joined by {@code ;} */
    public CpuCategory classify(String stack) {
        long matched = 0;
        for (String frame : stack.split(";")) {
            matched |= frameCategories.computeIfAbsent(frame, this::categoriesOf);
        }
        for (CpuCategory c : CpuCategory.values()) {
            if ((matched & (1L << c.ordinal())) != 0) {
                return c;
            }
        }
        return CpuCategory.REMAINING;
    }

    /** Samples per category. */
    public Map<CpuCategory, Long> tally(CollapsedStacks stacks) {
        Map<CpuCategory, Long> tally = new EnumMap<>(CpuCategory.class);
        for (CpuCategory c : CpuCategory.values()) {
            tally.put(c, 0L);
        }
        stacks.bySamples().forEach((stack, n) -> tally.merge(classify(stack), n, Long::sum));
        return tally;
    }

    private long categoriesOf(String frame) {
        long bits = 0;
        for (Map.Entry<CpuCategory, List<Pattern>> e : rules.entrySet()) {
            for (Pattern p : e.getValue()) {
                if (p.matcher(frame).find()) {
                    bits |= 1L << e.getKey().ordinal();
                    break;
                }
            }
        }
        return bits;
    }
}
