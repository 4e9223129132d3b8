package dev.quicperf.h3ref;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http3.Http3;
import io.netty.handler.codec.http3.Http3DataFrame;
import io.netty.handler.codec.http3.Http3HeadersFrame;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;

/**
 * One {@code GET /<n>} of the load client on a request stream of its own: HEADERS, FIN once they
 * are written, then the response checked as it streams in ({@link ResponseCheck}), settled once
 * with its owner on the response's FIN or the first failure.
 *
 * <p>It is the stream's handler, the listener of the stream's creation and the listener of the
 * HEADERS write, so a request costs Netty's stream objects and two small ones of ours.
 */
final class LoadRequest extends ChannelInboundHandlerAdapter
        implements GenericFutureListener<Future<QuicStreamChannel>> {

    /** Who sent the request; called on the event loop, exactly once per request. */
    interface Owner {
        void responded(LoadRequest request);

        void requestFailed(LoadRequest request, String why);
    }

    private final Owner owner;
    private final String authority;
    private final long responseBytes;
    private final ResponseCheck check;
    /** {@link System#nanoTime()} when the request (or the connection it opened) started. */
    final long startNanos;
    private QuicStreamChannel stream;
    private boolean started;
    private boolean settled;

    LoadRequest(Owner owner, String authority, long responseBytes, String request, long startNanos) {
        this.owner = owner;
        this.authority = authority;
        this.responseBytes = responseBytes;
        this.check = new ResponseCheck(request, responseBytes);
        this.startNanos = startNanos;
    }

    /** Opens the request's stream on {@code quic}; the request goes out once it is open. */
    void send(QuicChannel quic) {
        Http3.newRequestStream(quic, this).addListener(this);
    }

    /** Response bytes received and length-checked. */
    long checkedBytes() {
        return check.received();
    }

    /** The stream could not be opened (stream limit, connection gone): the handler never runs. */
    @Override
    public void operationComplete(Future<QuicStreamChannel> future) {
        if (!future.isSuccess()) {
            fail("cannot open a request stream: " + Failures.describe(future.cause()));
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start(ctx);
        ctx.fireChannelActive();
    }

    private void start(ChannelHandlerContext ctx) {
        if (started) {
            return;
        }
        started = true;
        stream = (QuicStreamChannel) ctx.channel();
        ctx.writeAndFlush(H3Requests.headers(authority, responseBytes, 0)).addListener(this::headersWritten);
    }

    /** FIN after the HEADERS: the request is complete, and the server answers. */
    private void headersWritten(Future<? super Void> f) {
        if (f.isSuccess()) {
            stream.shutdownOutput();
        } else {
            fail("cannot send the request: " + Failures.describe(f.cause()));
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            String problem = null;
            if (msg instanceof Http3DataFrame data) {
                problem = check.data(data.content().readableBytes());
            } else if (msg instanceof Http3HeadersFrame headers) {
                problem = check.headers(headers.headers());
            }
            if (problem != null) {
                fail(problem);
                ctx.close();
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ChannelInputShutdownEvent.INSTANCE && !settled) {
            // The response's FIN: the server has sent all it will.
            String problem = check.end();
            if (problem == null) {
                settled = true;
                owner.responded(this);
            } else {
                fail(problem);
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
        fail("stream " + ((QuicStreamChannel) ctx.channel()).streamId() + " failed: " + Failures.describe(cause));
    }

    private void fail(String why) {
        if (!settled) {
            settled = true;
            owner.requestFailed(this, why + " (" + check.progress() + ")");
        }
    }
}
