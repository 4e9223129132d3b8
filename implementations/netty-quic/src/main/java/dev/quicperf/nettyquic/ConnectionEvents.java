package dev.quicperf.nettyquic;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import java.nio.charset.StandardCharsets;

/**
 * A load connection's handler: remembers why the connection ended (the server's CONNECTION_CLOSE
 * or a connection error) so that the failures of its requests can say it. One per connection.
 */
class ConnectionEvents extends ChannelInboundHandlerAdapter {

    private String reason;

    /** " (why the connection ended)", or "" while nothing is known. */
    final String reasonSuffix() {
        return reason == null ? "" : " (" + reason + ")";
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof QuicConnectionCloseEvent close) {
            reason = "server closed the connection with " + (close.isApplicationClose() ? "application" : "transport")
                    + " error " + close.error() + (close.reason().length == 0 ? ""
                    : ": " + new String(close.reason(), StandardCharsets.UTF_8));
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // quiche reports a broken connection here and then closes it; its streams fail with the reason.
        if (reason == null) {
            reason = "connection error: " + NettyQuicPerfClient.describe(cause);
        }
    }
}
