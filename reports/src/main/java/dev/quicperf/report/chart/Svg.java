package dev.quicperf.report.chart;

import java.util.Locale;

/**
 * Writes one {@code <svg>} element as text. Every attribute value and every text node passes through
 * here, so escaping and number formatting cannot be forgotten by a chart.
 */
final class Svg {

    static final String FONT = "sans-serif";

    private final StringBuilder b = new StringBuilder(8192);
    private boolean finished;

    /** Opens the root element; {@code label} becomes the accessible name of the whole image. */
    Svg(int width, int height, String label) {
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\"");
        attrs("width", width, "height", height, "viewBox", "0 0 " + width + " " + height,
                "font-family", FONT, "font-size", 12, "role", "img", "aria-label", label);
        b.append(">\n");
        // Viewers in dark mode (Allure has one) would otherwise show dark text on a dark page.
        add("rect", "width", width, "height", height, "fill", "#ffffff");
    }

    /** An empty element such as {@code <line .../>}; attributes come as name, value pairs. */
    Svg add(String name, Object... attrs) {
        b.append('<').append(name);
        attrs(attrs);
        b.append("/>\n");
        return this;
    }

    Svg open(String name, Object... attrs) {
        b.append('<').append(name);
        attrs(attrs);
        b.append(">\n");
        return this;
    }

    Svg close(String name) {
        b.append("</").append(name).append(">\n");
        return this;
    }

    /** A {@code <text>} element whose content is escaped. */
    Svg text(String content, Object... attrs) {
        b.append("<text");
        attrs(attrs);
        b.append('>').append(escape(content)).append("</text>\n");
        return this;
    }

    /** A hover tooltip for the element just opened; browsers show {@code <title>} children on hover. */
    Svg tooltip(String content) {
        b.append("<title>").append(escape(content)).append("</title>\n");
        return this;
    }

    String finish() {
        if (!finished) {
            b.append("</svg>\n");
            finished = true;
        }
        return b.toString();
    }

    private void attrs(Object... kv) {
        if (kv.length % 2 != 0) {
            throw new IllegalArgumentException("attributes must come in name, value pairs");
        }
        for (int i = 0; i < kv.length; i += 2) {
            Object v = kv[i + 1];
            if (v == null) {
                continue;
            }
            b.append(' ').append(kv[i]).append("=\"").append(value(v)).append('"');
        }
    }

    private static String value(Object v) {
        if (v instanceof Double d) {
            return num(d);
        }
        if (v instanceof Float f) {
            return num(f);
        }
        return escape(String.valueOf(v));
    }

    /**
     * At most two decimals, no exponent, no locale: SVG parsers reject "1,5" and "1E3" is not valid
     * in every attribute. A non-finite number here is a bug in a chart, not in the data.
     */
    static String num(double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalStateException("non-finite coordinate " + v);
        }
        String s = String.format(Locale.ROOT, "%.2f", v);
        if (s.indexOf('.') >= 0) {
            int end = s.length();
            while (s.charAt(end - 1) == '0') {
                end--;
            }
            if (s.charAt(end - 1) == '.') {
                end--;
            }
            s = s.substring(0, end);
        }
        return s.equals("-0") ? "0" : s;
    }

    /**
     * Escapes for both text and attribute values. Non-ASCII goes out as character references so the
     * bytes stay correct whatever charset an attachment viewer assumes; characters XML 1.0 forbids
     * (control characters, lone surrogates) become U+FFFD instead of breaking the parse.
     */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    boolean forbidden = (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r')
                            || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF;
                    if (forbidden) {
                        out.append("&#xFFFD;");
                    } else if (cp < 0x80) {
                        out.append((char) cp);
                    } else {
                        out.append("&#x").append(Integer.toHexString(cp).toUpperCase(Locale.ROOT)).append(';');
                    }
                }
            }
        }
        return out.toString();
    }

    /** Builds the {@code d} attribute of a path with the same number rules as everything else. */
    static final class PathData {
        private final StringBuilder d = new StringBuilder();

        PathData moveTo(double x, double y) {
            return cmd('M').pair(x, y);
        }

        PathData lineTo(double x, double y) {
            return cmd('L').pair(x, y);
        }

        PathData horizontalTo(double x) {
            cmd('H');
            d.append(num(x));
            return this;
        }

        PathData verticalTo(double y) {
            cmd('V');
            d.append(num(y));
            return this;
        }

        boolean isEmpty() {
            return d.length() == 0;
        }

        private PathData cmd(char c) {
            if (d.length() > 0) {
                d.append(' ');
            }
            d.append(c);
            return this;
        }

        private PathData pair(double x, double y) {
            d.append(num(x)).append(' ').append(num(y));
            return this;
        }

        @Override
        public String toString() {
            return d.toString();
        }
    }
}
