package dev.quicperf.report.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Writes one example of each chart to target/chart-examples so a person can look at them. */
class ChartExamplesTest {

    @Test
    void writesExamples() throws IOException {
        Path dir = Path.of("target", "chart-examples");
        Files.createDirectories(dir);
        write(dir, "goodput.svg", Examples.goodput().render());
        write(dir, "latency-cdf.svg", Examples.latencyCdf().render());
        write(dir, "server-cpu.svg", Examples.serverCpu().render());
        write(dir, "server-cpu-long-labels.svg", Examples.serverCpuLongLabels().render());
        write(dir, "no-data.svg", new LineChart("Goodput vs object size", "object size", "goodput (Mbps)")
                .series("netty-quic", List.of()).render());
        write(dir, "single-point.svg", new LineChart("One measurement", "x", "y")
                .series("only", List.of(new LineChart.Point(5, 5, 4, 6))).render());
        write(dir, "server-cpu-wrapped-labels.svg", new StackedBars("Client CPU per request", "µs per request",
                Examples.CPU_CATEGORIES.subList(0, 3)).size(420, 320)
                .bar("linux with gso", 3, 4, 2).bar("docker bridge network", 3.5, 5, 2.5).bar("vm", 4, 6.5, 3)
                .render());
        write(dir, "many-series.svg", manySeries().render());
        assertThat(Files.list(dir).filter(p -> p.toString().endsWith(".svg"))).hasSizeGreaterThanOrEqualTo(6);
    }

    /** More series than colours, long names and a long title: the layout's hard case. */
    private static LineChart manySeries() {
        LineChart c = new LineChart("Goodput of every implementation, I/O mode and environment combination measured "
                + "in the thesis profile, 33 runs each with the first three discarded", "object size", "goodput (Mbps)")
                .logX(Examples::bytes);
        String[] names = {"netty-quic", "kwik", "netty-quic (gso off)", "kwik (container)", "netty-quic (vm)",
                "kwik (vm)", "a very long implementation name that goes on and on and on", "quiche", "msquic", "lsquic"};
        for (int i = 0; i < names.length; i++) {
            List<LineChart.Point> pts = new java.util.ArrayList<>();
            for (double size : Examples.SIZES) {
                double g = 40 * (i + 1) * Math.log10(size) / 3;
                pts.add(new LineChart.Point(size, g, g * 0.9, g * 1.1));
            }
            c.series(names[i], pts);
        }
        return c;
    }

    private static void write(Path dir, String name, String svg) throws IOException {
        SvgDom.parse(svg);
        Files.writeString(dir.resolve(name), svg, StandardCharsets.UTF_8);
    }
}
