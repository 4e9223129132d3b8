package dev.quicperf.environment.container;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shared libraries a set of ELF files load, as {@code ldd} resolves them on this host: what
 * an image built {@code FROM scratch} must carry at the same paths for them to start.
 */
final class LibraryClosure {

    // "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)" and "/lib64/ld-linux-x86-64.so.2 (0x...)"
    private static final Pattern RESOLVED = Pattern.compile("=>\\s*(/\\S+)\\s*\\(0x");
    private static final Pattern LOADER = Pattern.compile("^\\s*(/\\S+)\\s*\\(0x");
    private static final Pattern MISSING = Pattern.compile("^\\s*(\\S+) => not found");

    private LibraryClosure() {
    }

    /**
     * @param provided file names the image carries itself (a JDK's libjvm.so, which its own
     *     libraries find through the launcher rather than through the loader's search path)
     */
    static SortedSet<String> of(List<Path> elfFiles, java.util.Set<String> provided) throws IOException {
        SortedSet<String> libs = new TreeSet<>();
        for (Path file : elfFiles) {
            libs.addAll(parse(file, ldd(file), provided));
        }
        return libs;
    }

    static SortedSet<String> parse(Path file, String lddOutput, java.util.Set<String> provided) throws IOException {
        SortedSet<String> libs = new TreeSet<>();
        for (String line : lddOutput.split("\n")) {
            Matcher missing = MISSING.matcher(line);
            if (missing.find() && !provided.contains(missing.group(1))) {
                throw new IOException(file + " needs " + missing.group(1) + ", which this host does not have");
            }
            if (line.contains("not found")) {
                continue;
            }
            Matcher m = RESOLVED.matcher(line);
            Matcher loader = LOADER.matcher(line);
            if (m.find()) {
                libs.add(m.group(1));
            } else if (loader.find()) {
                libs.add(loader.group(1));
            }
        }
        return libs;
    }

    private static String ldd(Path file) throws IOException {
        Process p = new ProcessBuilder("ldd", file.toString()).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("ldd " + file + " failed: " + out.strip());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running ldd " + file, e);
        }
    }
}
