package dev.quicperf.h3ref;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicChannelBootstrap;
import io.netty.handler.codec.quic.QuicChannelOption;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * What every load connection shares: one event-loop thread, one UDP socket and the QUIC codec on
 * it (the codec routes datagrams to connections by connection ID). Every connection, timer and
 * callback of a run executes on {@link #loop()}, so the drivers need no locks.
 */
final class LoadTransport {

    /**
     * Largest response read with recvmmsg rather than GRO: a small response is a packet or two,
     * and with GRO each would cost a recvmsg into a 64 KiB buffer of its own, where recvmmsg
     * fills one buffer with many connections' datagrams per syscall.
     */
    static final long RECVMMSG_MAX_RESPONSE = 4_096;

    private final EventLoopGroup group;
    private final Channel udp;
    private final QuicChannelBootstrap bootstrap;
    private final InetSocketAddress server;
    private final String authority;

    private LoadTransport(EventLoopGroup group, Channel udp, InetSocketAddress server, String authority) {
        this.group = group;
        this.udp = udp;
        this.server = server;
        this.authority = authority;
        this.bootstrap = QuicChannel.newBootstrap(udp)
                .option(QuicChannelOption.SEGMENTED_DATAGRAM_PACKET_ALLOCATOR, H3ClientSettings.segmentedAllocator())
                .remoteAddress(server);
    }

    /** Binds the UDP socket, set up for responses of {@code responseBytes}; the caller closes it. */
    static LoadTransport open(String program, String host, InetSocketAddress server, long responseBytes)
            throws InterruptedException {
        EventLoopGroup group = H3ClientSettings.newEventLoopGroup(program);
        try {
            Channel udp = H3ClientSettings.datagramBootstrap(group, responseBytes > RECVMMSG_MAX_RESPONSE)
                    .handler(H3ClientSettings.clientCodec())
                    .bind(H3ClientSettings.bindAddress(server))
                    .sync()
                    .channel();
            H3ClientSettings.reportSocketBuffers(program, (DatagramChannel) udp);
            return new LoadTransport(group, udp, server, H3Requests.authority(host, server));
        } catch (Throwable t) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw t;
        }
    }

    EventLoop loop() {
        return udp.eventLoop();
    }

    /** {@code host:port} of the server, for messages and the requests' :authority. */
    String authority() {
        return authority;
    }

    /** {@code host:port} of the server as connected to, for messages. */
    String serverName() {
        return server.getHostString() + ":" + server.getPort();
    }

    /** Starts a handshake; on the loop only (the bootstrap is reused and not thread-safe). */
    Future<QuicChannel> connect(ConnectionEvents connectionHandler) {
        assert loop().inEventLoop();
        return bootstrap.handler(connectionHandler).connect();
    }

    /**
     * Closes a connection from a task of its own, never from inside one of its callbacks: closing
     * frees the quiche connection at once, while the receive path that called us may still be
     * working on it.
     */
    static void closeLater(QuicChannel quic) {
        quic.eventLoop().execute(() -> H3Download.closeConnection(quic));
    }

    /** Gives the socket and the loop up to {@code graceMillis} each to close; never throws. */
    void close(long graceMillis) {
        udp.close().awaitUninterruptibly(graceMillis);
        group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).awaitUninterruptibly(graceMillis);
    }
}
