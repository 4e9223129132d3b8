package dev.quicperf.report.chart;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** Charts shaped like the ones the reports attach, with made-up but plausible numbers. */
final class Examples {

    static final double[] SIZES = {2e3, 2e4, 2e5, 2e6, 2e7, 2e8, 2e9};

    private Examples() {
    }

    /** Decimal byte sizes as the suite names them: 2KB, 20MB, 2GB. */
    static String bytes(double v) {
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        int u = 0;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        String s = String.format(Locale.ROOT, "%.1f", v);
        return (s.endsWith(".0") ? s.substring(0, s.length() - 2) : s) + units[u];
    }

    static String millis(double v) {
        return Formats.number().apply(v) + " ms";
    }

    static LineChart goodput() {
        LineChart c = new LineChart("Goodput vs object size (mean, 95% interval)", "object size", "goodput (Mbps)")
                .logX(Examples::bytes)
                .xTicks(SIZES);
        c.series("netty-quic", points(new double[]{9.8, 85, 410, 1210, 1650, 1720, 1740}, 0.18));
        c.series("kwik", points(new double[]{7.1, 52, 190, 330, 360, 372, 375}, 0.12));
        c.series("tcp+tls (reference)", points(new double[]{12.4, 110, 820, 2900, 4100, 4400, 4450}, 0.08));
        return c;
    }

    private static List<LineChart.Point> points(double[] means, double relativeHalfWidth) {
        List<LineChart.Point> out = new ArrayList<>();
        for (int i = 0; i < means.length; i++) {
            // The smallest objects take one round trip: their interval is as wide as the mean.
            double half = means[i] * (i == 0 ? 0.9 : relativeHalfWidth / (i + 1) * 2);
            out.add(new LineChart.Point(SIZES[i], means[i], means[i] - half, means[i] + half));
        }
        return out;
    }

    static LineChart latencyCdf() {
        LineChart c = new LineChart("Response time distribution, netty-quic, 144 connections", "latency", "cumulative share")
                .logX(Examples::millis)
                .yRange(0, 1)
                .yFormat(Formats.percent());
        c.stepSeries("connect", cdf(new Random(7), 2000, 1.2, 0.35));
        c.stepSeries("request", cdf(new Random(11), 5000, 0.45, 0.6));
        return c;
    }

    private static List<LineChart.Point> cdf(Random random, int n, double medianMs, double sigma) {
        double[] samples = new double[n];
        for (int i = 0; i < n; i++) {
            samples[i] = medianMs * Math.exp(sigma * random.nextGaussian());
        }
        Arrays.sort(samples);
        List<LineChart.Point> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new LineChart.Point(samples[i], (i + 1) / (double) n));
        }
        return out;
    }

    static final List<String> CPU_CATEGORIES =
            List.of("TLS", "sendmsg()", "recvmsg()", "ACK handling", "loopback delivery", "runtime", "remaining");

    static StackedBars serverCpu() {
        return new StackedBars("Server CPU per packet, netty-quic, 20 MB download", "µs per packet", CPU_CATEGORIES)
                .bar("linux", 1.9, 2.4, 0.9, 0.6, 1.1, 0.7, 0.8)
                .bar("container", 1.9, 2.9, 1.1, 0.6, 1.6, 0.8, 0.9)
                .bar("vm", 2.0, 3.8, 1.7, 0.7, Double.NaN, 0.9, 1.2);
    }

    /** Labels long enough that they cannot stand straight under their bars. */
    static StackedBars serverCpuLongLabels() {
        StackedBars b = new StackedBars("Server CPU per packet by environment and I/O mode", "µs per packet", CPU_CATEGORIES);
        String[] envs = {"linux-host-gso-enabled", "linux-host-gso-disabled", "docker-bridge-network",
                "docker-host-network", "firecracker-microvm", "qemu-kvm-virtio-net", "kubernetes pod on kind",
                "linux"};
        for (int i = 0; i < envs.length; i++) {
            double f = 1 + 0.15 * i;
            b.bar(envs[i], 1.9, 2.4 * f, 0.9 * f, 0.6, i % 3 == 0 ? 0 : 1.1 * f, 0.7, 0.8);
        }
        return b;
    }
}
