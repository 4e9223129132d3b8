package dev.quicperf.nettyquic;

import dev.quicperf.adapter.Args;
import dev.quicperf.adapter.ConnectionStatsLine;
import dev.quicperf.adapter.IoMode;
import dev.quicperf.adapter.Readiness;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicChannelOption;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import io.netty.handler.codec.quic.QuicConnectionStats;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.util.AttributeKey;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The perf server on Netty QUIC: answers every client-opened bidirectional stream with the
 * number of pattern bytes its header asks for, after draining the client's upload. Prints
 * {@code QUICPERF READY port=<n>} on stdout once it listens and a {@link ConnectionStatsLine} as each
 * connection ends, everything else on stderr, and runs until SIGTERM.
 */
public final class NettyQuicPerfServer {

    static final String PROGRAM = "netty-quic-server";

    /** {@code -Dquicperf.debug=true}: one stats line per connection on stderr. */
    private static final boolean DEBUG = Boolean.getBoolean("quicperf.debug");

    private NettyQuicPerfServer() {
    }

    public static void main(String[] argv) {
        NativeLibraryDir.keepForThisProcess();
        InetAddress host;
        int port;
        Path cert;
        Path key;
        NettyIo io;
        try {
            Args args = Args.parse(PROGRAM, argv, Set.of("host", "port", "cert", "key", "io"));
            IoMode mode = args.ioMode("io", null);
            io = mode == null ? QuicSettings.CLIENT_IO : NettyIo.of(mode);
            Optional<String> unavailable = io.unavailableBecause();
            if (unavailable.isPresent()) {
                throw new IllegalArgumentException(PROGRAM + ": --io " + io.mode.id() + ": " + unavailable.get());
            }
            host = QuicSettings.address(PROGRAM, args.string("host"));
            port = args.port("port");
            cert = args.readableFile("cert");
            key = args.readableFile("key");
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        try {
            run(host, port, cert, key, io);
        } catch (Throwable t) {
            System.err.println(PROGRAM + ": " + t);
            t.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(InetAddress host, int port, Path cert, Path key, NettyIo io) throws InterruptedException {
        // Everything but the readiness line goes to stderr, whatever a library prints.
        PrintStream stdout = System.out;
        System.setOut(System.err);

        QuicSslContext ssl = QuicSslContextBuilder.forServer(key.toFile(), null, cert.toFile())
                .applicationProtocols(QuicSettings.alpn())
                .build();
        ChannelHandler codec = QuicSettings.configure(new QuicServerCodecBuilder())
                .sslContext(ssl)
                // No token handler: no Retry round trip; address validation buys nothing on a test rig.
                .tokenHandler(null)
                .option(QuicChannelOption.SEGMENTED_DATAGRAM_PACKET_ALLOCATOR, io.segmentedAllocator())
                .handler(new ConnectionHandler(stdout))
                .streamHandler(new ChannelInitializer<QuicStreamChannel>() {
                    @Override
                    protected void initChannel(QuicStreamChannel ch) {
                        ch.pipeline().addLast(new PerfServerStream());
                    }
                })
                .build();

        EventLoopGroup group = io.newEventLoopGroup("netty-quic-server");
        Channel channel;
        try {
            channel = io.datagramBootstrap(group)
                    .handler(codec)
                    .bind(new InetSocketAddress(host, port))
                    .sync()
                    .channel();
        } catch (Throwable t) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw t;
        }
        io.reportSocketBuffers(PROGRAM, (DatagramChannel) channel);

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // SIGTERM: stop listening, let the codec close its connections, then stop the loop.
            channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        }, "netty-quic-server-shutdown"));

        int actualPort = ((InetSocketAddress) channel.localAddress()).getPort();
        stdout.println(Readiness.readyLine(actualPort));
        stdout.flush();
        System.err.println(PROGRAM + ": listening on " + channel.localAddress() + " (I/O mode " + io.mode.id()
                + ")");

        channel.closeFuture().sync();
    }

    /**
     * Connection-level events: errors are worth a line on stderr; each connection's end is
     * worth its packet counts on stdout.
     */
    @ChannelHandler.Sharable
    private static final class ConnectionHandler extends ChannelInboundHandlerAdapter {
        private static final AttributeKey<Integer> PEER_PORT = AttributeKey.valueOf("quicperf.peerPort");
        private final PrintStream stdout;

        ConnectionHandler(PrintStream stdout) {
            this.stdout = stdout;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (((QuicChannel) ctx.channel()).remoteSocketAddress() instanceof InetSocketAddress peer) {
                ctx.channel().attr(PEER_PORT).set(peer.getPort());
            }
            ctx.fireChannelActive();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            // Once closed, quiche's counters are kept as the channel's stats at close; the peer's
            // address is not, so channelActive noted its port.
            QuicChannel quic = (QuicChannel) ctx.channel();
            Integer port = quic.attr(PEER_PORT).get();
            int peerPort = port == null ? 0 : port;
            quic.collectStats().addListener(f -> {
                if (f.isSuccess() && f.getNow() instanceof QuicConnectionStats stats) {
                    stdout.println(new ConnectionStatsLine(peerPort, stats.sent(), stats.lost()).format());
                } else {
                    System.err.println(PROGRAM + ": no stats for a closed connection: " + f.cause());
                }
            });
            ctx.fireChannelInactive();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (DEBUG && evt instanceof QuicConnectionCloseEvent) {
                QuicChannel quic = (QuicChannel) ctx.channel();
                quic.collectPathStats(0).addListener(f -> System.err.println(PROGRAM + ": connection from "
                        + quic.remoteSocketAddress() + " closed: " + (f.isSuccess() ? f.getNow() : f.cause())));
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            System.err.println(PROGRAM + ": connection from "
                    + ((QuicChannel) ctx.channel()).remoteSocketAddress() + ": " + cause);
            ctx.close();
        }
    }
}
