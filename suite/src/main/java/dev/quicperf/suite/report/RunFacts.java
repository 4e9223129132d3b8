package dev.quicperf.suite.report;

import dev.quicperf.adapter.Implementation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What a reader needs to know about the machine and the code a run measured, for Allure's
 * Environment widget ({@code environment.properties}): numbers from another CPU, kernel, JVM or
 * commit are not comparable with these.
 */
public final class RunFacts {

    private RunFacts() {
    }

    public static Map<String, String> collect(Path projectDir, String profile, List<Implementation> implementations,
            List<String> environments) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("cpu.model", cpuModel());
        facts.put("cpu.cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        facts.put("kernel", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        facts.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        facts.put("git.commit", gitCommit(projectDir));
        facts.put("profile", profile);
        for (Implementation impl : implementations) {
            facts.put("implementation." + impl.id(), impl.version());
        }
        facts.put("environments", String.join(", ", environments));
        return facts;
    }

    /** The properties file Allure reads; keys and values escaped as java.util.Properties wants them. */
    public static String properties(Map<String, String> facts) {
        StringBuilder b = new StringBuilder();
        facts.forEach((k, v) -> b.append(escape(k, true)).append('=').append(escape(v, false)).append('\n'));
        return b.toString();
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException e) {
            // Not Linux, or /proc hidden: say so rather than guess.
        }
        return "unknown (no model name in /proc/cpuinfo)";
    }

    /** HEAD's hash, with "+ local changes" when the tree differs from it: those numbers belong to no commit. */
    static String gitCommit(Path dir) {
        String head = git(dir, "rev-parse", "HEAD");
        if (head.isEmpty()) {
            return "unknown (not a git checkout, or no git)";
        }
        return head + (git(dir, "status", "--porcelain", "--untracked-files=no").isEmpty() ? "" : " + local changes");
    }

    private static String git(Path dir, String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
        argv.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(false).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "";
            }
            return p.exitValue() == 0 ? out : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static String escape(String s, boolean key) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '=', ':', '#', '!' -> b.append('\\').append(c);
                case ' ' -> b.append(key ? "\\ " : " ");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
