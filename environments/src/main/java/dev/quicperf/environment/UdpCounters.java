package dev.quicperf.environment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The UDP datagram counters of one network namespace, from {@code /proc/<pid>/net/snmp} of a
 * process inside it. In a namespace that holds only the server they count its datagrams exactly,
 * whatever the server says about itself.
 */
public record UdpCounters(long inDatagrams, long outDatagrams) {

    public static UdpCounters ofProcess(long pid) {
        try {
            return parse(Files.readAllLines(Path.of("/proc", Long.toString(pid), "net", "snmp")));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the UDP counters of process " + pid + ": " + e.getMessage(), e);
        }
    }

    /** The {@code Udp:} header and value lines of a snmp file. */
    static UdpCounters parse(List<String> lines) {
        List<String> udp = lines.stream().filter(l -> l.startsWith("Udp: ")).toList();
        if (udp.size() < 2) {
            throw new IllegalStateException("no Udp: lines in /proc/net/snmp");
        }
        List<String> names = List.of(udp.get(0).substring(5).strip().split("\\s+"));
        String[] values = udp.get(1).substring(5).strip().split("\\s+");
        return new UdpCounters(Long.parseLong(values[names.indexOf("InDatagrams")]),
                Long.parseLong(values[names.indexOf("OutDatagrams")]));
    }

    public UdpCounters since(UdpCounters before) {
        return new UdpCounters(inDatagrams - before.inDatagrams, outDatagrams - before.outDatagrams);
    }
}
