package dev.quicperf.suite.goodput;

import dev.quicperf.adapter.CpuCategory;
import dev.quicperf.environment.profile.CpuBreakdown;
import dev.quicperf.report.Numbers;
import dev.quicperf.suite.stats.Summary;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The study's comparison layout (its Linux vs OSv tables): goodput cells as columns, a base
 * column first and a Change % against it after each other one, rows per CPU part per packet.
 * The I/O-mode and environment comparisons both draw it.
 */
final class SideBySide {

    private SideBySide() {
    }

    static List<String> header(String first, List<GoodputResult> columns, GoodputResult base,
            Function<GoodputResult, String> name) {
        List<String> header = new ArrayList<>(List.of(first));
        for (GoodputResult c : columns) {
            header.add(name.apply(c));
            if (c != base) {
                header.add("Change %");
            }
        }
        return header;
    }

    static List<String> row(String label, List<GoodputResult> columns, GoodputResult base,
            Function<GoodputResult, Optional<Double>> value) {
        List<String> row = new ArrayList<>(List.of(label));
        Optional<Double> b = base == null ? Optional.empty() : value.apply(base);
        for (GoodputResult c : columns) {
            Optional<Double> v = value.apply(c);
            row.add(v.map(Numbers::format).orElse("-"));
            if (c != base) {
                row.add(v.isPresent() && b.isPresent() && b.get() != 0
                        ? String.format("%+.1f%%", (v.get() / b.get() - 1) * 100) : "-");
            }
        }
        return row;
    }

    /** µs per packet of each CPU part and their total (profiled runs), then the OS's CPU per packet and the goodput. */
    static List<List<String>> perPacketRows(List<GoodputResult> columns, GoodputResult base) {
        List<List<String>> rows = new ArrayList<>();
        for (CpuCategory category : CpuCategory.tableOrder()) {
            rows.add(row(category.label(), columns, base, r -> r.breakdown().breakdown()
                    .map(b -> b.part(category).microsPerUnit())));
        }
        rows.add(row("Total (profiled runs)", columns, base, r -> r.breakdown().breakdown()
                .map(CpuBreakdown::totalMicrosPerUnit)));
        rows.add(row("Server CPU per packet, OS (measured runs)", columns, base,
                r -> r.serverCpuPerPacket().map(Summary::mean)));
        rows.add(row("Goodput, Mbps (measured runs)", columns, base, r -> r.goodput().map(Summary::mean)));
        return rows;
    }

    static String ratio(Summary s) {
        return String.format("%.2f ± %.2f", s.mean(), s.ciHalfWidth());
    }
}
