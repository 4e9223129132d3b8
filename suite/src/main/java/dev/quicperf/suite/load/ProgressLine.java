package dev.quicperf.suite.load;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The console line of a long load run: fed the {@code QUICPERF PROGRESS} lines a load client
 * writes on stderr, it prints requests done / total, rate and ETA. It runs on the harness thread
 * that copies the client's stderr, so the measured processes pay only for writing the line.
 */
public final class ProgressLine {

    private static final String MARK = "QUICPERF PROGRESS ";
    /** Runs shorter than this print nothing: a console full of lines for one-second runs helps no one. */
    private static final long QUIET_MILLIS = 3_000;
    /** At most one line per phase this often, so a long run's log stays readable. */
    private static final long EVERY_MILLIS = 5_000;

    private final String label;
    private final PrintStream console;
    private Map<String, String> last = Map.of();

    /** @param label names the run on each line */
    public ProgressLine(String label, PrintStream console) {
        this.label = label;
        this.console = console;
    }

    /** One line of the client's stderr; anything but a progress mark is ignored. */
    public void accept(String line) {
        if (!line.startsWith(MARK)) {
            return;
        }
        Map<String, String> now = parse(line.substring(MARK.length()));
        if (now.isEmpty() || number(now, "ms") < QUIET_MILLIS || number(now, "total") == 0) {
            return;
        }
        boolean samePhase = now.get("phase").equals(last.get("phase"));
        boolean phaseDone = number(now, "done") >= number(now, "total");
        if (samePhase && !phaseDone && number(now, "ms") - number(last, "ms") < EVERY_MILLIS) {
            return;
        }
        console.println(describe(label, last, now));
        last = now;
    }

    /** One console line; the rate comes from the client's own clock between two of its marks of one phase. */
    static String describe(String label, Map<String, String> previous, Map<String, String> now) {
        long done = number(now, "done");
        long total = number(now, "total");
        String rate = "";
        String eta = "";
        if (now.get("phase").equals(previous.get("phase")) && number(now, "ms") > number(previous, "ms")) {
            double perSecond = (done - number(previous, "done")) * 1000.0 / (number(now, "ms") - number(previous, "ms"));
            rate = String.format(Locale.ROOT, " (%.0f/s)", perSecond);
            eta = perSecond > 0 ? String.format(Locale.ROOT, ", ETA %.0f s", (total - done) / perSecond) : ", no progress";
        }
        long failed = number(now, "failed");
        return String.format(Locale.ROOT, "[quicperf] %s: %s %d/%d%s%s%s", label, now.get("phase"), done, total, rate, eta,
                failed == 0 ? "" : ", " + failed + " failed");
    }

    private static long number(Map<String, String> m, String key) {
        String v = m.get(key);
        try {
            return v == null ? 0 : Long.parseLong(v);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** {@code phase=measured done=12 total=100 failed=0 ms=1500} as a map; empty when it has no phase. */
    static Map<String, String> parse(String mark) {
        Map<String, String> m = new TreeMap<>();
        for (String kv : mark.strip().split("\\s+")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                m.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        return m.containsKey("phase") ? m : Map.of();
    }
}
