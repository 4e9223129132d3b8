package dev.quicperf.environment.profile;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sampled stacks in the collapsed format that async-profiler writes and flame-graph tools
 * read: one line a distinct stack, frames from the thread's root to the leaf joined by
 * {@code ;}, a space and the number of samples.
 */
public final class CollapsedStacks {

    private final Map<String, Long> samples;

    private CollapsedStacks(Map<String, Long> samples) {
        this.samples = samples;
    }

    /** Stacks (frames root first, joined by {@code ;}) and their sample counts, in this order. */
    public static CollapsedStacks of(Map<String, Long> samples) {
        return new CollapsedStacks(new LinkedHashMap<>(samples));
    }

    public static CollapsedStacks empty() {
        return new CollapsedStacks(new LinkedHashMap<>());
    }

    public static CollapsedStacks read(Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(in, file.toString());
        }
    }

    /**
     * @throws IOException naming the line when one lacks a trailing sample count
     */
    static CollapsedStacks parse(BufferedReader in, String origin) throws IOException {
        Map<String, Long> samples = new LinkedHashMap<>();
        String line;
        int number = 0;
        while ((line = in.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            long count;
            try {
                count = space > 0 ? Long.parseLong(line.substring(space + 1).strip()) : -1;
            } catch (NumberFormatException e) {
                count = -1;
            }
            if (count < 0) {
                throw new IOException(origin + ":" + number + ": not a collapsed stack ('frame;frame;... count'): "
                        + (line.length() > 120 ? line.substring(0, 120) + "..." : line));
            }
            samples.merge(line.substring(0, space), count, Long::sum);
        }
        return new CollapsedStacks(samples);
    }

    /** The stacks of both, as one profile (e.g. several profiled downloads of one cell). */
    public CollapsedStacks plus(CollapsedStacks other) {
        Map<String, Long> all = new LinkedHashMap<>(samples);
        other.samples.forEach((stack, n) -> all.merge(stack, n, Long::sum));
        return new CollapsedStacks(all);
    }

    public Map<String, Long> bySamples() {
        return Collections.unmodifiableMap(samples);
    }

    public long totalSamples() {
        return samples.values().stream().mapToLong(Long::longValue).sum();
    }

    public boolean isEmpty() {
        return samples.isEmpty();
    }

    public void write(Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Map.Entry<String, Long> e : samples.entrySet()) {
                out.write(e.getKey());
                out.write(' ');
                out.write(Long.toString(e.getValue()));
                out.write('\n');
            }
        }
    }
}
