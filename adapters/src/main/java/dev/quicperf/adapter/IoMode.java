package dev.quicperf.adapter;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How a server moves its UDP datagrams between the kernel and the stack: the axis of the
 * study's question whether cheaper packet I/O makes QUIC cheaper per packet. A stack declares
 * which it can run ({@link Implementation#ioModes()}); what each means for a given stack is in
 * its docs.
 */
public enum IoMode {
    /** The language's portable sockets: one syscall per datagram (Java NIO or java.net). */
    NIO("nio"),
    /** epoll with batched syscalls: recvmmsg and sendmmsg, several datagrams each. */
    EPOLL("epoll"),
    /** epoll with UDP segmentation offload on send (GSO) and receive coalescing (GRO). */
    EPOLL_GSO("epoll+gso"),
    /** io_uring: operations queued in shared rings instead of a syscall each. */
    IO_URING("io_uring");

    private final String id;

    IoMode(String id) {
        this.id = id;
    }

    /** The name on the command line, in cell names and budgets, e.g. {@code epoll+gso}. */
    public String id() {
        return id;
    }

    public static IoMode parse(String id) {
        for (IoMode mode : values()) {
            if (mode.id.equals(id)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown I/O mode '" + id + "'; expected one of "
                + Arrays.stream(values()).map(IoMode::id).collect(Collectors.joining(", ")));
    }
}
