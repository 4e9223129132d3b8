package dev.quicperf.nettyquic;

import dev.quicperf.adapter.PerfProtocol;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramChannelConfig;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.EpollQuicUtils;
import io.netty.handler.codec.quic.QuicCodecBuilder;
import io.netty.handler.codec.quic.QuicCongestionControlAlgorithm;
import io.netty.handler.codec.quic.SegmentedDatagramPacketAllocator;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Transport settings shared by our Netty QUIC server and client, so both ends advertise the same
 * windows and use the same datagram size.
 */
final class QuicSettings {

    /**
     * UDP payload we send. quiche's default is 1200; 1350 is the size quiche's own tools use and
     * fits any 1500-byte Ethernet path over IPv4 or IPv6, so loopback numbers stay comparable to
     * a real network instead of profiting from loopback's 64 KiB MTU.
     */
    static final int MAX_UDP_PAYLOAD = 1350;

    /**
     * Initial stream flow-control credit. Netty's default is 0, so nothing would flow. quiche
     * starts from this credit and then auto-tunes its receive windows by itself (up to 16 MiB per
     * stream and 24 MiB per connection in the bundled quiche) as long as the reader keeps up, so
     * this only has to be large enough that the first round trips are not window-limited.
     */
    static final long STREAM_WINDOW = 4L << 20;

    /** Initial connection credit: two full stream windows at once. */
    static final long CONNECTION_WINDOW = 2 * STREAM_WINDOW;

    /** Streams each side lets its peer open at once; a perf client uses one per request. */
    static final long MAX_STREAMS = 100;

    /**
     * Without an idle timeout a vanished peer's connection would stay forever.
     * {@code -Dquicperf.nettyquic.idleTimeoutMillis=<ms>} overrides it (the hostile-peer test uses
     * a short one to see a killed client cleaned up).
     */
    static final long IDLE_TIMEOUT_MILLIS = Long.getLong("quicperf.nettyquic.idleTimeoutMillis", 30_000);

    /**
     * SO_RCVBUF / SO_SNDBUF we ask for. On loopback the bottleneck is the receiver's CPU, so the
     * socket buffer is the queue that fills up: quiche's CUBIC grows the in-flight data until the
     * buffer overflows, and with GRO one overflow loses a whole GSO batch (32 packets). 16 MiB
     * (the kernel accounts against twice that) holds what quiche's auto-tuned windows can have in
     * flight, so a download sees no drops; measured on a 16-core host: 0 drops with 16 MiB,
     * 7-98 dropped batches per 100-500 MB with 4 MiB. Linux silently caps the request at
     * net.core.rmem_max / wmem_max (4 MiB on typical hosts, 208 KiB by default); we say so on
     * stderr. {@code -Dquicperf.nettyquic.socketBuffer=<bytes>} overrides it.
     */
    static final int SOCKET_BUFFER_BYTES = Integer.getInteger("quicperf.nettyquic.socketBuffer", 16 << 20);

    /** Datagrams read per wake-up before the codec flushes (quiche then sends one ACK for the batch). */
    static final int DATAGRAMS_PER_READ = 64;

    private QuicSettings() {
    }

    static <B extends QuicCodecBuilder<B>> B configure(B builder) {
        String cc = System.getProperty("quicperf.nettyquic.cc", "");
        if (!cc.isEmpty()) {
            // Default: quiche's own (CUBIC). For experiments: -Dquicperf.nettyquic.cc=bbr|reno.
            builder.congestionControlAlgorithm(QuicCongestionControlAlgorithm.valueOf(cc.toUpperCase(Locale.ROOT)));
        }
        return builder
                .maxIdleTimeout(IDLE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                .maxSendUdpPayloadSize(MAX_UDP_PAYLOAD)
                .maxRecvUdpPayloadSize(MAX_UDP_PAYLOAD)
                .initialMaxData(CONNECTION_WINDOW)
                .initialMaxStreamDataBidirectionalLocal(STREAM_WINDOW)
                .initialMaxStreamDataBidirectionalRemote(STREAM_WINDOW)
                .initialMaxStreamDataUnidirectional(STREAM_WINDOW)
                .initialMaxStreamsBidirectional(MAX_STREAMS)
                .initialMaxStreamsUnidirectional(MAX_STREAMS);
    }

    static String[] alpn() {
        return new String[] {PerfProtocol.ALPN};
    }

    /**
     * The client side's QUIC codec: our transport settings, ALPN perf, and no certificate check
     * (the harness makes a self-signed certificate per run). No peer host on the engine, so
     * Netty's session cache never resumes: every connection is a full handshake.
     */
    static ChannelHandler clientCodec() {
        QuicSslContext ssl = QuicSslContextBuilder.forClient()
                .trustManager(InsecureTrustManagerFactory.INSTANCE)
                .applicationProtocols(alpn())
                .build();
        return configure(new QuicClientCodecBuilder()).sslContext(ssl).build();
    }

    /** Where a client binds: a loopback server gets a loopback socket, anything else the wildcard address. */
    static InetSocketAddress clientBindAddress(InetSocketAddress server) {
        return server.getAddress().isLoopbackAddress() ? new InetSocketAddress(server.getAddress(), 0)
                : new InetSocketAddress(0);
    }

    /**
     * Which socket transport carries the datagrams. Netty QUIC runs on any Netty datagram channel;
     * on Linux the epoll transport adds UDP GSO (quiche's packets leave in batches of up to
     * {@link #GSO_SEGMENTS} per sendmsg) and UDP GRO (a batch arrives with one recvmsg), which
     * is how Netty QUIC is meant to be deployed for throughput. Java NIO does one syscall per
     * datagram. {@code -Dquicperf.nettyquic.transport=nio} forces NIO, for comparison.
     */
    enum Transport {
        EPOLL, NIO;

        static Transport choose() {
            String forced = System.getProperty("quicperf.nettyquic.transport", "");
            if (forced.equalsIgnoreCase("nio")) {
                return NIO;
            }
            if (Epoll.isAvailable()) {
                return EPOLL;
            }
            if (forced.equalsIgnoreCase("epoll")) {
                throw new IllegalStateException("epoll transport asked for but unavailable: "
                        + Epoll.unavailabilityCause());
            }
            return NIO;
        }
    }

    /**
     * Segments per GSO send: 32 x 1350 bytes stays below the 64 KiB a single UDP send may carry
     * (48 would be the most that fits).
     */
    static final int GSO_SEGMENTS = 32;

    /** Read buffer per recvmsg: room for one GRO batch of the largest size the kernel coalesces. */
    private static final int GRO_READ_BUFFER = 65_536;

    static final Transport TRANSPORT = Transport.choose();

    /** One event loop: the whole stack runs on one thread, so it is pinned to one core cheaply. */
    static EventLoopGroup newEventLoopGroup(String threadName) {
        IoHandlerFactory io = TRANSPORT == Transport.EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory(threadName, true), io);
    }

    static Bootstrap datagramBootstrap(EventLoopGroup group) {
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER_BYTES)
                .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER_BYTES);
        if (TRANSPORT == Transport.EPOLL) {
            return bootstrap
                    .channel(EpollDatagramChannel.class)
                    .option(EpollChannelOption.UDP_GRO, true)
                    .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(GRO_READ_BUFFER)
                            .maxMessagesPerRead(DATAGRAMS_PER_READ));
        }
        return bootstrap
                .channel(NioDatagramChannel.class)
                .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(2048)
                        .maxMessagesPerRead(DATAGRAMS_PER_READ));
    }

    /** GSO for quiche's outgoing packets where the transport supports it, else one datagram per send. */
    static SegmentedDatagramPacketAllocator segmentedAllocator() {
        if (TRANSPORT == Transport.EPOLL) {
            // NONE where the kernel lacks UDP_SEGMENT.
            return EpollQuicUtils.newSegmentedAllocator(GSO_SEGMENTS);
        }
        return SegmentedDatagramPacketAllocator.NONE;
    }

    /** Says on stderr when the kernel gave us less socket buffer than we asked for. */
    static void reportSocketBuffers(String program, DatagramChannel channel) {
        DatagramChannelConfig config = channel.config();
        // Linux caps the request at rmem_max / wmem_max and accounts against twice what it
        // granted. Netty's epoll transport reports that doubled value, the JDK halves it back.
        int divisor = TRANSPORT == Transport.EPOLL ? 2 : 1;
        int rcv = config.getReceiveBufferSize() / divisor;
        int snd = config.getSendBufferSize() / divisor;
        if (rcv < SOCKET_BUFFER_BYTES || snd < SOCKET_BUFFER_BYTES) {
            System.err.printf("%s: kernel granted SO_RCVBUF=%d SO_SNDBUF=%d of the %d asked for; raise"
                    + " net.core.rmem_max and net.core.wmem_max to %d to rule out receive-buffer drops%n",
                    program, rcv, snd, SOCKET_BUFFER_BYTES, SOCKET_BUFFER_BYTES);
        }
    }

    static InetAddress address(String program, String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(program + ": --host '" + host + "' does not resolve", e);
        }
    }
}
