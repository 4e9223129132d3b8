package dev.quicperf.nettyquic;

import dev.quicperf.adapter.IoMode;
import dev.quicperf.adapter.PerfProtocol;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicCodecBuilder;
import io.netty.handler.codec.quic.QuicCongestionControlAlgorithm;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.SegmentedDatagramPacketAllocator;
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
     * Segments per GSO send: 32 x 1350 bytes stays below the 64 KiB a single UDP send may carry
     * (48 would be the most that fits).
     */
    static final int GSO_SEGMENTS = 32;

    /**
     * How our clients move datagrams, and our servers unless {@code --io} says otherwise: epoll
     * with UDP GSO and GRO where Netty's epoll transport loads (Linux), which is how Netty QUIC is
     * meant to be deployed for throughput, else NIO. {@code -Dquicperf.nettyquic.transport=<io
     * mode>} picks another, for comparison.
     */
    static final NettyIo CLIENT_IO = clientIo();

    private static NettyIo clientIo() {
        String forced = System.getProperty("quicperf.nettyquic.transport", "");
        if (!forced.isEmpty()) {
            NettyIo io = NettyIo.of(IoMode.parse(forced));
            io.unavailableBecause().ifPresent(why -> {
                throw new IllegalStateException("-Dquicperf.nettyquic.transport=" + forced + ": " + why);
            });
            return io;
        }
        return NettyIo.EPOLL_GSO.unavailableBecause().isEmpty() ? NettyIo.EPOLL_GSO : NettyIo.NIO;
    }

    static EventLoopGroup newEventLoopGroup(String threadName) {
        return CLIENT_IO.newEventLoopGroup(threadName);
    }

    static Bootstrap datagramBootstrap(EventLoopGroup group) {
        return CLIENT_IO.datagramBootstrap(group);
    }

    static SegmentedDatagramPacketAllocator segmentedAllocator() {
        return CLIENT_IO.segmentedAllocator();
    }

    static void reportSocketBuffers(String program, DatagramChannel channel) {
        CLIENT_IO.reportSocketBuffers(program, channel);
    }

    static InetAddress address(String program, String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(program + ": --host '" + host + "' does not resolve", e);
        }
    }
}
