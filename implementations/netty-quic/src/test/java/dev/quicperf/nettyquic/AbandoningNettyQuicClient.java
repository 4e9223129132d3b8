package dev.quicperf.nettyquic;

import dev.quicperf.adapter.PerfProtocol;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.quic.DefaultQuicStreamFrame;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.ReferenceCountUtil;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Test helper run as a process of its own by {@link NettyQuicHostilePeerTest}: asks for a response
 * of {@code bytes}, reads {@code readFirst} bytes of it, prints {@code MID-TRANSFER local-port=<n>}
 * on stdout, then stops reading and waits to be killed (SIGKILL), so the server sees a client
 * vanish mid-transfer without a CONNECTION_CLOSE. Arguments: host port bytes readFirst.
 */
public final class AbandoningNettyQuicClient {

    private AbandoningNettyQuicClient() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream stdout = System.out;
        System.setOut(System.err);
        InetSocketAddress server = new InetSocketAddress(InetAddress.getByName(args[0]), Integer.parseInt(args[1]));
        long bytes = Long.parseLong(args[2]);
        long readFirst = Long.parseLong(args[3]);

        EventLoopGroup group = QuicSettings.newEventLoopGroup("abandoning-client");
        Channel udp = QuicSettings.datagramBootstrap(group)
                .handler(QuicSettings.configure(new QuicClientCodecBuilder())
                        .sslContext(QuicSslContextBuilder.forClient()
                                .trustManager(InsecureTrustManagerFactory.INSTANCE)
                                .applicationProtocols(QuicSettings.alpn())
                                .build())
                        .build())
                .bind(new InetSocketAddress(server.getAddress(), 0))
                .sync()
                .channel();
        QuicChannel quic = QuicChannel.newBootstrap(udp)
                .handler(new ChannelInboundHandlerAdapter())
                .streamHandler(new ChannelInboundHandlerAdapter())
                .remoteAddress(server)
                .connect()
                .get(20, TimeUnit.SECONDS);
        CompletableFuture<Void> enough = new CompletableFuture<>();
        QuicStreamChannel stream = quic.createStream(QuicStreamType.BIDIRECTIONAL, new ChannelInboundHandlerAdapter() {
            private long read;

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof ByteBuf buf) {
                    read += buf.readableBytes();
                }
                ReferenceCountUtil.release(msg);
                if (read >= readFirst) {
                    // Stop reading: the server fills our window and then has to wait.
                    ctx.channel().config().setAutoRead(false);
                    enough.complete(null);
                }
            }
        }).get(20, TimeUnit.SECONDS);
        stream.writeAndFlush(new DefaultQuicStreamFrame(Unpooled.wrappedBuffer(PerfProtocol.header(bytes)), true))
                .get(20, TimeUnit.SECONDS);
        enough.get(20, TimeUnit.SECONDS);
        stdout.println("MID-TRANSFER local-port=" + ((InetSocketAddress) udp.localAddress()).getPort());
        stdout.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
