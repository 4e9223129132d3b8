package dev.quicperf.nettyquic;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.DatagramChannel;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicChannelBootstrap;
import io.netty.handler.codec.quic.QuicChannelOption;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * What every load connection shares: the one event-loop thread, one UDP socket and the client
 * QUIC codec on it. Many QUIC connections on one socket is how Netty QUIC multiplexes (the codec
 * routes datagrams by connection ID), and it keeps the client on one thread: every connection,
 * timer and callback of the run executes on {@link #loop()}, so the drivers need no locks.
 */
final class LoadTransport {

    /** Largest response read with recvmmsg rather than GRO; see {@link #datagramBootstrap}. */
    static final long RECVMMSG_MAX_RESPONSE = 4_096;

    private final EventLoopGroup group;
    private final Channel udp;
    private final QuicChannelBootstrap bootstrap;
    private final InetSocketAddress server;

    private LoadTransport(EventLoopGroup group, Channel udp, InetSocketAddress server) {
        this.group = group;
        this.udp = udp;
        this.server = server;
        this.bootstrap = QuicChannel.newBootstrap(udp)
                .option(QuicChannelOption.SEGMENTED_DATAGRAM_PACKET_ALLOCATOR, QuicSettings.segmentedAllocator())
                .remoteAddress(server);
    }

    /** Binds the UDP socket, set up for responses of {@code responseBytes}; the caller closes it. */
    static LoadTransport open(String program, InetSocketAddress server, long responseBytes)
            throws InterruptedException {
        ChannelHandler codec = QuicSettings.clientCodec();
        EventLoopGroup group = QuicSettings.newEventLoopGroup(program);
        try {
            Channel udp = datagramBootstrap(group, responseBytes)
                    .handler(codec)
                    .bind(QuicSettings.clientBindAddress(server))
                    .sync()
                    .channel();
            QuicSettings.reportSocketBuffers(program, (DatagramChannel) udp);
            return new LoadTransport(group, udp, server);
        } catch (Throwable t) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw t;
        }
    }

    /**
     * The goodput client's socket setup (GRO, 64 KiB reads), except for small responses, which
     * are read with recvmmsg instead. With GRO a recvmsg returns what the server sent in one GSO
     * call, and for a response of a packet or two that is all it returns: a syscall and a 64 KiB
     * buffer per response. recvmmsg fills one buffer with up to 48 datagrams of
     * {@link QuicSettings#MAX_UDP_PAYLOAD} per syscall, whatever connection they belong to (the
     * kernel splits the server's GSO batches). Measured in interleaved runs, 2 outstanding per
     * connection: 2 KB responses on 144 connections, client CPU per request about 25% lower with
     * recvmmsg and the server's unchanged; 16 KB on 144 and 100 KB on 16 connections, the
     * client's the same or lower with GRO and the server's 25-40% lower (why, we have not pinned
     * down; the client sends no more packets either way), and a load client must not make the
     * server look more expensive than it is. The cut-over lies between those sizes.
     * {@code -Dquicperf.nettyquic.loadGro=true|false} forces one or the other, for comparison.
     */
    private static Bootstrap datagramBootstrap(EventLoopGroup group, long responseBytes) {
        Bootstrap bootstrap = QuicSettings.datagramBootstrap(group);
        String forced = System.getProperty("quicperf.nettyquic.loadGro", "");
        boolean gro = forced.isEmpty() ? responseBytes > RECVMMSG_MAX_RESPONSE : Boolean.parseBoolean(forced);
        if (QuicSettings.CLIENT_IO == NettyIo.EPOLL_GSO && !gro) {
            bootstrap.option(EpollChannelOption.UDP_GRO, false)
                    .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, QuicSettings.MAX_UDP_PAYLOAD);
        }
        return bootstrap;
    }

    EventLoop loop() {
        return udp.eventLoop();
    }

    /** {@code host:port} of the server, for messages. */
    String serverName() {
        return server.getHostString() + ":" + server.getPort();
    }

    /** Starts a handshake; on the loop only (the bootstrap is reused and not thread-safe). */
    Future<QuicChannel> connect(ChannelHandler connectionHandler) {
        assert loop().inEventLoop();
        return bootstrap.handler(connectionHandler).connect();
    }

    /**
     * Closes a connection from a task of its own, never from inside one of its callbacks: closing
     * frees the quiche connection at once, while the Netty receive path that called us may still
     * be working on it.
     */
    static void closeLater(QuicChannel quic) {
        quic.eventLoop().execute(() -> closeNow(quic));
    }

    /** Sends CONNECTION_CLOSE (NO_ERROR) so the server frees the connection now, not after its idle timeout. */
    static void closeNow(QuicChannel quic) {
        if (quic.isOpen()) {
            quic.close();
        }
    }

    /** Gives the socket and the loop up to {@code graceMillis} each to close; never throws. */
    void close(long graceMillis) {
        udp.close().awaitUninterruptibly(graceMillis);
        group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).awaitUninterruptibly(graceMillis);
    }
}
