package dev.quicperf.external;

import dev.quicperf.external.StackDescriptor.VersionProbe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

/** Asks a foreign stack for its version the way its descriptor says, for reports. */
final class VersionCommand {

    private VersionCommand() {
    }

    /** The version, or {@code unknown (<why>)}: a report shows that rather than a guess. */
    static String run(VersionProbe probe, java.util.Map<String, String> env) {
        java.util.List<String> command = new java.util.ArrayList<>();
        for (String arg : probe.command()) {
            java.util.Optional<String> filled = Template.fillEnvironment(arg, env);
            if (filled.isEmpty()) {
                return "unknown (" + Template.environmentNames(arg) + " not set)";
            }
            command.add(filled.get());
        }
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readNBytes(64 * 1024);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "unknown (" + String.join(" ", command) + " did not finish within 10 s)";
            }
            String text = new String(out, StandardCharsets.UTF_8);
            Matcher m = probe.regex().matcher(text);
            return m.find() ? m.group(1) : "unknown (" + String.join(" ", command) + " printed no match for "
                    + probe.regex() + ")";
        } catch (IOException e) {
            return "unknown (" + String.join(" ", command) + " failed: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown (interrupted)";
        }
    }
}
