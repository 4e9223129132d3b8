package dev.quicperf.nettyquic;

import dev.quicperf.adapter.IoMode;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramChannelConfig;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.handler.codec.quic.EpollQuicUtils;
import io.netty.handler.codec.quic.SegmentedDatagramPacketAllocator;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.Optional;

/**
 * How a Netty QUIC endpoint moves its datagrams: the event loop, the datagram channel and its
 * read options, and whether quiche's packets leave in GSO batches. One per {@link IoMode}.
 */
enum NettyIo {

    /** Java NIO: one syscall per datagram both ways. */
    NIO(IoMode.NIO),
    /**
     * Netty's epoll transport, no offload: reads with recvmmsg (up to 32 datagrams of
     * {@link #MMSG_DATAGRAM} bytes per syscall, in one 64 KiB buffer); quiche's packets are written one datagram each and flushed
     * together, which the epoll channel sends with sendmmsg.
     */
    EPOLL(IoMode.EPOLL),
    /**
     * epoll with UDP GSO on send (up to {@link QuicSettings#GSO_SEGMENTS} packets per sendmsg,
     * one kernel pass) and UDP GRO on receive (a coalesced batch per recvmsg).
     */
    EPOLL_GSO(IoMode.EPOLL_GSO),
    /** io_uring (submission and completion rings instead of syscalls per operation), no offload. */
    IO_URING(IoMode.IO_URING);

    /** Read buffer per recvmsg with GRO: room for the largest batch the kernel coalesces. */
    private static final int GRO_READ_BUFFER = 65_536;

    /** recvmmsg batch: datagrams of up to 2 KiB (we send 1350 bytes) in one 64 KiB buffer. */
    private static final int MMSG_DATAGRAM = 2048;

    final IoMode mode;

    NettyIo(IoMode mode) {
        this.mode = mode;
    }

    static NettyIo of(IoMode mode) {
        for (NettyIo io : values()) {
            if (io.mode == mode) {
                return io;
            }
        }
        throw new IllegalArgumentException("no Netty transport for I/O mode " + mode.id());
    }

    /** Why this host cannot run the mode (the native transport did not load), or empty. */
    Optional<String> unavailableBecause() {
        return switch (this) {
            case NIO -> Optional.empty();
            case EPOLL, EPOLL_GSO -> Epoll.isAvailable() ? Optional.empty()
                    : Optional.of("Netty's epoll transport is unavailable here: " + Epoll.unavailabilityCause());
            case IO_URING -> IoUring.isAvailable() ? Optional.empty()
                    : Optional.of("Netty's io_uring transport is unavailable here (kernel.io_uring_disabled, a"
                            + " seccomp filter or a kernel before 5.14?): " + IoUring.unavailabilityCause());
        };
    }

    /** One event loop: the whole stack runs on one thread, so it is pinned to one core cheaply. */
    EventLoopGroup newEventLoopGroup(String threadName) {
        IoHandlerFactory io = switch (this) {
            case NIO -> NioIoHandler.newFactory();
            case EPOLL, EPOLL_GSO -> EpollIoHandler.newFactory();
            case IO_URING -> IoUringIoHandler.newFactory();
        };
        return new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory(threadName, true), io);
    }

    Bootstrap datagramBootstrap(EventLoopGroup group) {
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .option(ChannelOption.SO_RCVBUF, QuicSettings.SOCKET_BUFFER_BYTES)
                .option(ChannelOption.SO_SNDBUF, QuicSettings.SOCKET_BUFFER_BYTES);
        return switch (this) {
            case NIO -> bootstrap.channel(NioDatagramChannel.class)
                    .option(ChannelOption.RECVBUF_ALLOCATOR, perDatagramReads());
            case EPOLL -> bootstrap.channel(EpollDatagramChannel.class)
                    .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MMSG_DATAGRAM)
                    .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(GRO_READ_BUFFER)
                            .maxMessagesPerRead(QuicSettings.DATAGRAMS_PER_READ));
            case EPOLL_GSO -> bootstrap.channel(EpollDatagramChannel.class)
                    .option(EpollChannelOption.UDP_GRO, true)
                    .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(GRO_READ_BUFFER)
                            .maxMessagesPerRead(QuicSettings.DATAGRAMS_PER_READ));
            case IO_URING -> bootstrap.channel(IoUringDatagramChannel.class)
                    .option(ChannelOption.RECVBUF_ALLOCATOR, perDatagramReads());
        };
    }

    private static RecvByteBufAllocator perDatagramReads() {
        return new FixedRecvByteBufAllocator(MMSG_DATAGRAM).maxMessagesPerRead(QuicSettings.DATAGRAMS_PER_READ);
    }

    /** GSO batches for quiche's outgoing packets in {@link #EPOLL_GSO}; one datagram per packet otherwise. */
    SegmentedDatagramPacketAllocator segmentedAllocator() {
        // EpollQuicUtils answers NONE itself where the kernel lacks UDP_SEGMENT.
        return this == EPOLL_GSO ? EpollQuicUtils.newSegmentedAllocator(QuicSettings.GSO_SEGMENTS)
                : SegmentedDatagramPacketAllocator.NONE;
    }

    /** Says on stderr when the kernel gave us less socket buffer than we asked for. */
    void reportSocketBuffers(String program, DatagramChannel channel) {
        DatagramChannelConfig config = channel.config();
        // Linux caps the request at rmem_max / wmem_max and accounts against twice what it
        // granted. Netty's native transports report that doubled value, the JDK halves it back.
        int divisor = this == NIO ? 1 : 2;
        int rcv = config.getReceiveBufferSize() / divisor;
        int snd = config.getSendBufferSize() / divisor;
        int asked = QuicSettings.SOCKET_BUFFER_BYTES;
        if (rcv < asked || snd < asked) {
            System.err.printf("%s: kernel granted SO_RCVBUF=%d SO_SNDBUF=%d of the %d asked for; raise"
                    + " net.core.rmem_max and net.core.wmem_max to %d to rule out receive-buffer drops%n",
                    program, rcv, snd, asked, asked);
        }
    }
}
