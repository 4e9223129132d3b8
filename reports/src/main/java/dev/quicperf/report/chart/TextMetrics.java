package dev.quicperf.report.chart;

import java.util.ArrayList;
import java.util.List;

/**
 * Estimates how wide text will be. The SVG is laid out before any browser sees it and the actual
 * sans-serif font is unknown (Arial, Liberation Sans, DejaVu Sans...), so widths are rounded up to
 * the widest of the common ones; a label that is too wide overlaps, one slightly too narrow does not.
 */
final class TextMetrics {

    private TextMetrics() {
    }

    static double width(String s, double fontSize) {
        double em = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            em += advance(cp);
        }
        return em * fontSize;
    }

    /** Width in em of one character, grouped roughly as DejaVu Sans draws them. */
    private static double advance(int cp) {
        if ("il.,:;'|!()[]{}`".indexOf(cp) >= 0 || cp == 'j' || cp == 'I') {
            return 0.34;
        }
        if (cp == ' ' || cp == 'f' || cp == 't' || cp == 'r' || cp == '/' || cp == '-') {
            return 0.42;
        }
        if (cp == 'm' || cp == 'w' || cp == '%' || cp == '@' || cp == 'M' || cp == 'W') {
            return 0.98;
        }
        if (Character.isUpperCase(cp)) {
            return 0.74;
        }
        return cp < 0x80 ? 0.64 : 0.8;
    }

    /**
     * Breaks {@code s} at spaces into lines no wider than {@code maxWidth}; a single word that is
     * wider stays whole on its own line, so the caller can tell wrapping failed by measuring.
     */
    static List<String> wrap(String s, double maxWidth, double fontSize) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : s.trim().split("\\s+")) {
            String candidate = line.length() == 0 ? word : line + " " + word;
            if (line.length() > 0 && width(candidate, fontSize) > maxWidth) {
                lines.add(line.toString());
                line.setLength(0);
                line.append(word);
            } else {
                line.setLength(0);
                line.append(candidate);
            }
        }
        if (line.length() > 0 || lines.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }

    /** Shortens {@code s} with a trailing ellipsis until it fits; the full text goes into a tooltip. */
    static String ellipsize(String s, double maxWidth, double fontSize) {
        if (width(s, fontSize) <= maxWidth) {
            return s;
        }
        int end = s.length();
        while (end > 1 && width(s.substring(0, end) + "…", fontSize) > maxWidth) {
            end--;
            if (end > 1 && Character.isHighSurrogate(s.charAt(end - 1))) {
                end--;
            }
        }
        return s.substring(0, end) + "…";
    }
}
