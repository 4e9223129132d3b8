package dev.quicperf.h3ref;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelHandler;
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
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.http3.Http3;
import io.netty.handler.codec.quic.EpollQuicUtils;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.SegmentedDatagramPacketAllocator;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;

/**
 * How both reference clients set up QUIC: the transport parameters they advertise, the TLS
 * context (ALPN h3, no certificate check) and the datagram socket. The numbers are the ones the
 * suite's own Netty QUIC client uses, so an h3 server is measured under the same client-side
 * windows and packet size as the perf servers.
 */
final class H3ClientSettings {

    /**
     * UDP payload we send and accept. 1350 fits any 1500-byte path over IPv4 or IPv6; a server
     * that probes the path MTU (ngtcp2 does) still never sends us more, so loopback numbers do not
     * profit from loopback's 64 KiB MTU.
     */
    static final int MAX_UDP_PAYLOAD = 1350;

    /**
     * Initial credit of a request stream we open (the response flows into it). Netty's default is
     * 0; quiche auto-tunes the windows upwards from here (to 16 MiB per stream, 24 MiB per
     * connection) while the reader keeps up, so this only has to cover the first round trips.
     */
    static final long STREAM_WINDOW = 4L << 20;

    /** Initial connection credit: two full stream windows. */
    static final long CONNECTION_WINDOW = 2 * STREAM_WINDOW;

    /**
     * Streams the server may open towards us. HTTP/3 needs three unidirectional ones (control,
     * QPACK encoder and decoder); more leaves room for reserved (GREASE) stream types, which a
     * server may open and we then discard. We never allow pushes, so no push streams come.
     */
    static final long SERVER_UNI_STREAMS = 16;

    /** Credit of each server-opened unidirectional stream: settings and QPACK instructions only. */
    static final long UNI_STREAM_WINDOW = 64 << 10;

    /** Without an idle timeout a vanished server's connection would stay until our own deadline. */
    static final long IDLE_TIMEOUT_MILLIS = 30_000;

    /**
     * SO_RCVBUF / SO_SNDBUF we ask for: on loopback the receiver's CPU is the bottleneck and the
     * socket buffer is the queue that fills; 16 MiB holds what the auto-tuned windows allow in
     * flight. Linux caps it at net.core.rmem_max / wmem_max, which we say on stderr.
     */
    static final int SOCKET_BUFFER_BYTES = 16 << 20;

    /** Segments per GSO send: 32 x 1350 bytes stays below the 64 KiB one UDP send may carry. */
    static final int GSO_SEGMENTS = 32;

    /** Read buffer per recvmsg: room for the largest batch GRO coalesces (64 KiB). */
    private static final int READ_BUFFER = 65_536;

    /** One datagram's buffer where datagrams are read one by one (NIO) or many per recvmmsg (no GRO). */
    private static final int DATAGRAM_BUFFER = 2048;

    /** Datagrams (GRO batches) read per wake-up before the codec flushes and quiche ACKs them. */
    private static final int READS_PER_WAKEUP = 64;

    /**
     * Epoll with UDP GSO/GRO where Netty's native epoll loads (Linux), else Java NIO. GSO and GRO
     * are what lets a one-core Java client keep up with a native server at all; NIO is the
     * fallback, not an option to compare.
     */
    static final boolean EPOLL = Epoll.isAvailable();

    private H3ClientSettings() {
    }

    /**
     * The QUIC codec of a client socket: ALPN h3 (Netty's list of h3 versions), no certificate
     * check (servers under test use self-signed certificates), our transport parameters. No peer
     * host on the TLS engine, so Netty's session cache never resumes a session: every connection
     * is a full handshake.
     */
    static ChannelHandler clientCodec() {
        QuicSslContext ssl = QuicSslContextBuilder.forClient()
                .trustManager(InsecureTrustManagerFactory.INSTANCE)
                .applicationProtocols(Http3.supportedApplicationProtocols())
                .build();
        return Http3.newQuicClientCodecBuilder()
                .sslContext(ssl)
                .maxIdleTimeout(IDLE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                .maxSendUdpPayloadSize(MAX_UDP_PAYLOAD)
                .maxRecvUdpPayloadSize(MAX_UDP_PAYLOAD)
                .initialMaxData(CONNECTION_WINDOW)
                .initialMaxStreamDataBidirectionalLocal(STREAM_WINDOW)
                .initialMaxStreamDataBidirectionalRemote(STREAM_WINDOW)
                .initialMaxStreamDataUnidirectional(UNI_STREAM_WINDOW)
                .initialMaxStreamsBidirectional(0)
                .initialMaxStreamsUnidirectional(SERVER_UNI_STREAMS)
                .build();
    }

    /** One event-loop thread: the client runs on one core, as the suite pins it. */
    static EventLoopGroup newEventLoopGroup(String threadName) {
        IoHandlerFactory io = EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory(threadName, true), io);
    }

    /**
     * The datagram socket: with epoll, GRO reads of up to 64 KiB; with {@code gro} false,
     * recvmmsg reads of single datagrams instead (cheaper for the load client's small responses,
     * where a GRO batch is one or two packets anyway).
     */
    static Bootstrap datagramBootstrap(EventLoopGroup group, boolean gro) {
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER_BYTES)
                .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER_BYTES);
        if (!EPOLL) {
            return bootstrap.channel(NioDatagramChannel.class)
                    .option(ChannelOption.RECVBUF_ALLOCATOR, reads(DATAGRAM_BUFFER));
        }
        bootstrap.channel(EpollDatagramChannel.class).option(ChannelOption.RECVBUF_ALLOCATOR, reads(READ_BUFFER));
        return gro ? bootstrap.option(EpollChannelOption.UDP_GRO, true)
                : bootstrap.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, DATAGRAM_BUFFER);
    }

    private static RecvByteBufAllocator reads(int bufferBytes) {
        return new FixedRecvByteBufAllocator(bufferBytes).maxMessagesPerRead(READS_PER_WAKEUP);
    }

    /** GSO batches for our outgoing packets under epoll; one datagram per packet otherwise. */
    static SegmentedDatagramPacketAllocator segmentedAllocator() {
        // EpollQuicUtils answers NONE itself where the kernel lacks UDP_SEGMENT.
        return EPOLL ? EpollQuicUtils.newSegmentedAllocator(GSO_SEGMENTS) : SegmentedDatagramPacketAllocator.NONE;
    }

    /** Where a client binds: a loopback server gets a loopback socket, anything else the wildcard address. */
    static InetSocketAddress bindAddress(InetSocketAddress server) {
        return server.getAddress().isLoopbackAddress() ? new InetSocketAddress(server.getAddress(), 0)
                : new InetSocketAddress(0);
    }

    /** Says on stderr when the kernel gave us less socket buffer than we asked for. */
    static void reportSocketBuffers(String program, DatagramChannel channel) {
        // Linux accounts against twice what it granted; Netty's epoll channel reports that doubled
        // value, the JDK halves it back.
        int divisor = EPOLL ? 2 : 1;
        int rcv = channel.config().getReceiveBufferSize() / divisor;
        int snd = channel.config().getSendBufferSize() / divisor;
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
