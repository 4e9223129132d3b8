package dev.quicperf.environment.profile;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns {@code perf script -F comm,tid,ip,sym,dso} output into collapsed stacks in
 * async-profiler's shape: rooted in a {@code [comm tid=N]} frame, kernel frames suffixed
 * {@code _[k]}, a frame without a symbol named after its binary ({@code [libfoo.so]}).
 *
 * <p>perf prints a sample as a header line ({@code comm tid}), its call chain leaf first, one
 * frame a line ({@code addr symbol+off (dso)}), and a blank line.
 */
public final class PerfScriptStacks {

    private static final Pattern HEADER = Pattern.compile("^(.*?)\\s+(\\d+)\\s*$");
    private static final Pattern FRAME = Pattern.compile("^\\s*[0-9a-f]+\\s+(.*?)\\s+\\((.*)\\)\\s*$");

    private PerfScriptStacks() {
    }

    /** @throws IOException naming the line when a sample header or frame cannot be read */
    public static CollapsedStacks parse(BufferedReader in, String origin) throws IOException {
        Map<String, Long> stacks = new LinkedHashMap<>();
        String thread = null;
        List<String> frames = new ArrayList<>();
        String line;
        int number = 0;
        while ((line = in.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                add(stacks, thread, frames);
                thread = null;
                frames.clear();
            } else if (!Character.isWhitespace(line.charAt(0))) {
                add(stacks, thread, frames);
                frames.clear();
                Matcher h = HEADER.matcher(line);
                if (!h.matches()) {
                    throw new IOException(origin + ":" + number + ": not a perf sample header ('comm tid'): " + line);
                }
                thread = "[" + h.group(1).strip() + " tid=" + h.group(2) + "]";
            } else {
                Matcher f = FRAME.matcher(line);
                if (!f.matches() || thread == null) {
                    throw new IOException(origin + ":" + number + ": not a perf call-chain frame: " + line);
                }
                frames.add(frameName(f.group(1), f.group(2)));
            }
        }
        add(stacks, thread, frames);
        return CollapsedStacks.of(stacks);
    }

    private static String frameName(String symbol, String dso) {
        boolean kernel = dso.contains("kernel.kallsyms") || dso.startsWith("[kernel");
        String name = symbol.replaceFirst("\\+0x[0-9a-f]+$", "");
        if (name.equals("[unknown]") || name.isEmpty()) {
            name = "[" + dso.substring(dso.lastIndexOf('/') + 1) + "]";
        }
        // Collapsed stacks use ';' between frames and ' ' before the count.
        name = name.replace(';', ':').replace(' ', '_');
        return kernel ? name + "_[k]" : name;
    }

    private static void add(Map<String, Long> stacks, String thread, List<String> leafFirst) {
        if (thread == null) {
            return;
        }
        List<String> rootFirst = new ArrayList<>(leafFirst);
        Collections.reverse(rootFirst);
        rootFirst.add(0, thread);
        stacks.merge(String.join(";", rootFirst), 1L, Long::sum);
    }
}
