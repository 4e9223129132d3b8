package dev.quicperf.nettyquic;

import dev.quicperf.adapter.PerfProtocol;
import dev.quicperf.adapter.ResponseVerifier;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.quic.DefaultQuicStreamFrame;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;

/**
 * One perf request on a stream of its own: the 8-byte length with FIN, then the response verified
 * as it streams in, settled once with its owner on the response's FIN or the first failure.
 *
 * <p>It is the stream's handler and the listener of its creation future at once, so a request
 * costs two small objects of ours (this and its verifier) next to what Netty needs for a stream.
 * The request goes out with the channel's void promise: a failed write comes back as
 * {@link #exceptionCaught}, without a promise and listener per request.
 */
final class LoadRequest extends ChannelInboundHandlerAdapter
        implements GenericFutureListener<Future<QuicStreamChannel>> {

    /** Who sent the request; called on the event loop, exactly once per request. */
    interface Owner {
        void responded(LoadRequest request);

        void requestFailed(LoadRequest request, String why);
    }

    private final Owner owner;
    private final ByteBuf header;
    private final ResponseVerifier verifier;
    /** {@link System#nanoTime()} when the request (or the connection it opened) started. */
    final long startNanos;
    private boolean started;
    private boolean settled;

    /**
     * @param header a buffer from {@link #header(long)}; only duplicates of it are written
     */
    LoadRequest(Owner owner, ByteBuf header, long responseBytes, long startNanos) {
        this.owner = owner;
        this.header = header;
        this.verifier = new ResponseVerifier(responseBytes);
        this.startNanos = startNanos;
    }

    /**
     * The request header for {@code responseBytes}, once per run, in native memory (what quiche
     * reads from) and unreleasable, so each request writes a duplicate: no copy, no allocation of
     * the bytes per request.
     */
    static ByteBuf header(long responseBytes) {
        ByteBuf header = Unpooled.directBuffer(PerfProtocol.HEADER_BYTES)
                .writeBytes(PerfProtocol.header(responseBytes));
        return Unpooled.unreleasableBuffer(header);
    }

    long verifiedBytes() {
        return verifier.verified();
    }

    /** Where the response stands, for failure messages. */
    String progress() {
        return "received " + verifier.received() + " of " + verifier.expected() + " response bytes";
    }

    /** The stream could not be opened (stream limit, connection gone): the handler never runs. */
    @Override
    public void operationComplete(Future<QuicStreamChannel> future) {
        if (!future.isSuccess()) {
            fail("cannot open a stream: " + NettyQuicPerfClient.describe(future.cause()));
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            send(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        send(ctx);
        ctx.fireChannelActive();
    }

    private void send(ChannelHandlerContext ctx) {
        if (started) {
            return;
        }
        started = true;
        ctx.writeAndFlush(new DefaultQuicStreamFrame(header.duplicate(), true), ctx.voidPromise());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof ByteBuf buf && buf.isReadable()) {
                verifier.accept(buf.internalNioBuffer(buf.readerIndex(), buf.readableBytes()));
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ChannelInputShutdownEvent.INSTANCE && !settled) {
            // The response's FIN: the server has sent all it will.
            String problem = verifier.problem();
            if (problem == null) {
                settled = true;
                owner.responded(this);
            } else {
                fail("wrong response: " + problem);
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail("stream " + ((QuicStreamChannel) ctx.channel()).streamId() + " closed before the response's FIN");
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail("stream " + ((QuicStreamChannel) ctx.channel()).streamId() + " failed: "
                + NettyQuicPerfClient.describe(cause));
    }

    private void fail(String why) {
        if (!settled) {
            settled = true;
            owner.requestFailed(this, why + " (" + progress() + ")");
        }
    }
}
