package dev.quicperf.adapter;

import java.util.Arrays;
import java.util.Optional;

/**
 * Where a server's CPU goes, in the study's terms (TLS, sendmsg(), recvmsg(), ACK handling,
 * remaining) plus two parts the study's C servers on two machines did not have: the
 * receiver's delivery work that Linux runs inside the sender's send call on loopback and
 * veth, and a JVM's own runtime (GC, JIT compilers, safepoints).
 *
 * <p>The declaration order is the precedence: a stack goes to the first category any of whose
 * rules matches one of its frames. Delivery comes first because a softirq can land on top of
 * any stack, and it is never the work of the frames beneath it.
 */
public enum CpuCategory {
    SOFTIRQ("softirq", "loopback delivery (softirq)"),
    SENDMSG("sendmsg", "sendmsg()"),
    RECVMSG("recvmsg", "recvmsg()"),
    TLS("tls", "TLS"),
    ACK("ack", "ACK handling"),
    RUNTIME("runtime", "runtime (GC, JIT)"),
    REMAINING("remaining", "remaining");

    private final String id;
    private final String label;

    CpuCategory(String id, String label) {
        this.id = id;
        this.label = label;
    }

    /** The name rule files, JSON and budgets use. */
    public String id() {
        return id;
    }

    /** The name a report shows. */
    public String label() {
        return label;
    }

    public static Optional<CpuCategory> byId(String id) {
        return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst();
    }

    /** The categories in the study's table order, for reports. */
    public static java.util.List<CpuCategory> tableOrder() {
        return java.util.List.of(TLS, SENDMSG, RECVMSG, ACK, SOFTIRQ, RUNTIME, REMAINING);
    }
}
