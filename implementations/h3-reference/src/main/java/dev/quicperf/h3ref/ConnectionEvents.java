package dev.quicperf.h3ref;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http3.Http3ClientConnectionHandler;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import java.nio.charset.StandardCharsets;

/**
 * A client connection's handler: puts Netty's HTTP/3 connection handler (control and QPACK
 * streams, SETTINGS) in front of itself, and remembers why the connection ended (the server's
 * CONNECTION_CLOSE or a connection error) so that failures can say it. One per connection.
 */
class ConnectionEvents extends ChannelInboundHandlerAdapter {

    private String reason;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ctx.pipeline().addBefore(ctx.name(), null, new Http3ClientConnectionHandler());
    }

    /** " (why the connection ended)", or "" while nothing is known. */
    final String reasonSuffix() {
        return reason == null ? "" : " (" + reason + ")";
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof QuicConnectionCloseEvent close) {
            reason = "server closed the connection with " + (close.isApplicationClose() ? "application" : "transport")
                    + " error 0x" + Integer.toHexString(close.error()) + (close.reason().length == 0 ? ""
                    : ": " + new String(close.reason(), StandardCharsets.UTF_8));
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // quiche and the HTTP/3 codec report a broken connection here and then close it; the
        // request streams fail with this reason.
        if (reason == null) {
            reason = "connection error: " + Failures.describe(cause);
        }
    }
}
