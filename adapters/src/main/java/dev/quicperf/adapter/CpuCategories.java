package dev.quicperf.adapter;

import java.util.List;

/**
 * Frame patterns (regular expressions over a stack frame's name) that mean TLS work or ACK
 * handling inside one implementation. Common rules (syscalls, JDK I/O, GC) live with the
 * classifier; these are the parts only the implementation knows.
 */
public record CpuCategories(List<String> tls, List<String> ackHandling) {

    public CpuCategories {
        tls = List.copyOf(tls);
        ackHandling = List.copyOf(ackHandling);
    }
}
