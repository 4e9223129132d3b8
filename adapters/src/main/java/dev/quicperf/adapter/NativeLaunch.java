package dev.quicperf.adapter;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A native executable with its argv. */
public record NativeLaunch(
        Path executable,
        List<String> args,
        Map<String, String> environment,
        List<Path> files) implements Launch {

    public NativeLaunch {
        if (executable == null) {
            throw new IllegalArgumentException("NativeLaunch needs an executable");
        }
        args = List.copyOf(args);
        environment = Map.copyOf(environment);
        files = List.copyOf(files);
    }

    @Override
    public String describe() {
        return executable + " " + String.join(" ", args);
    }
}
