package dev.quicperf.nettyquic;

import dev.quicperf.adapter.PerfProtocol;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.quic.DefaultQuicStreamFrame;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.util.ReferenceCountUtil;

/**
 * One perf request on the server: the 8-byte length, then the upload to FIN, then the response.
 *
 * <p>The response is written chunk by chunk while the stream is writable (Netty QUIC makes a
 * stream unwritable when quiche's stream capacity is used up, and writable again when ACKs and
 * flow-control credit arrive), so at most one chunk waits in Netty at a time. The FIN travels on
 * the last chunk's frame: {@code shutdownOutput()} hands quiche a FIN ahead of anything Netty
 * still queues, which cuts the response short.
 */
final class PerfServerStream extends ChannelInboundHandlerAdapter {

    private final byte[] header = new byte[PerfProtocol.HEADER_BYTES];
    private int headerBytes;
    /** Upload bytes after the header; perf discards them, we only count them. */
    private long uploaded;
    private long responseBytes = -1;
    private long sent;
    private boolean responding;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof ByteBuf buf) {
                int n = Math.min(buf.readableBytes(), header.length - headerBytes);
                if (n > 0) {
                    buf.readBytes(header, headerBytes, n);
                    headerBytes += n;
                }
                uploaded += buf.readableBytes();
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ChannelInputShutdownEvent.INSTANCE && !responding) {
            onRequestComplete(ctx);
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void onRequestComplete(ChannelHandlerContext ctx) {
        QuicStreamChannel stream = (QuicStreamChannel) ctx.channel();
        if (stream.type() != QuicStreamType.BIDIRECTIONAL || stream.isLocalCreated()) {
            // perf only answers client-opened bidirectional streams.
            stream.shutdownOutput((int) PerfProtocol.StreamError.NOT_IMPLEMENTED.code);
            return;
        }
        if (headerBytes < header.length) {
            stream.shutdownOutput((int) PerfProtocol.StreamError.INVALID_DATA.code);
            return;
        }
        try {
            responseBytes = PerfProtocol.responseBytes(header);
        } catch (IllegalArgumentException e) {
            stream.shutdownOutput((int) PerfProtocol.StreamError.REJECTED.code);
            return;
        }
        responding = true;
        writeResponse(ctx);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (responding && ctx.channel().isWritable()) {
            writeResponse(ctx);
        }
        ctx.fireChannelWritabilityChanged();
    }

    private void writeResponse(ChannelHandlerContext ctx) {
        if (responseBytes == 0 && sent == 0) {
            responding = false;
            ctx.write(new DefaultQuicStreamFrame(Unpooled.EMPTY_BUFFER, true), ctx.voidPromise());
            return;
        }
        while (sent < responseBytes && ctx.channel().isWritable()) {
            int length = (int) Math.min(PatternBuffer.MAX_CHUNK, responseBytes - sent);
            ByteBuf chunk = PatternBuffer.slice(sent, length);
            sent += length;
            if (sent == responseBytes) {
                responding = false;
                // FIN on the last frame: quiche sets it after the last byte, whatever is still queued.
                ctx.write(new DefaultQuicStreamFrame(chunk, true), ctx.voidPromise());
            } else {
                ctx.write(chunk, ctx.voidPromise());
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A reset or STOP_SENDING from the client, or the connection going away: nothing to answer.
        responding = false;
        ctx.close();
    }
}
