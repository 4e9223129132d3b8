package dev.quicperf.adapter;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A Java main class with its own classpath and JVM flags. */
public record JvmLaunch(
        String mainClass,
        List<Path> classpath,
        List<String> jvmFlags,
        List<String> args,
        Map<String, String> environment,
        List<Path> files) implements Launch {

    public JvmLaunch {
        if (mainClass == null || mainClass.isBlank()) {
            throw new IllegalArgumentException("JvmLaunch needs a main class");
        }
        if (classpath == null || classpath.isEmpty()) {
            throw new IllegalArgumentException("JvmLaunch of " + mainClass + " needs a classpath");
        }
        classpath = List.copyOf(classpath);
        jvmFlags = List.copyOf(jvmFlags);
        args = List.copyOf(args);
        environment = Map.copyOf(environment);
        files = List.copyOf(files);
    }

    @Override
    public String describe() {
        return String.join(" ", jvmFlags) + " " + mainClass + " " + String.join(" ", args);
    }
}
