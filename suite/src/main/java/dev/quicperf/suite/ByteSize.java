package dev.quicperf.suite;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Object sizes as the study writes them: 2KB, 2MB, 2GB. Decimal units (1 KB = 1000 bytes), so
 * sizes and Mbps use the same prefixes.
 */
public final class ByteSize {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KB|MB|GB)", Pattern.CASE_INSENSITIVE);

    private ByteSize() {
    }

    public static long parse(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size; write it like 2KB, 20MB or 2GB");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "KB" -> n * 1_000L;
            case "MB" -> n * 1_000_000L;
            case "GB" -> n * 1_000_000_000L;
            default -> n;
        };
    }

    public static String format(long bytes) {
        if (bytes >= 1_000_000_000L && bytes % 1_000_000_000L == 0) {
            return bytes / 1_000_000_000L + "GB";
        }
        if (bytes >= 1_000_000L && bytes % 1_000_000L == 0) {
            return bytes / 1_000_000L + "MB";
        }
        if (bytes >= 1_000L && bytes % 1_000L == 0) {
            return bytes / 1_000L + "KB";
        }
        return bytes + "B";
    }
}
