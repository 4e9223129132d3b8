package dev.quicperf.nettyquic;

import dev.quicperf.adapter.PerfProtocol;
import dev.quicperf.adapter.PerfProtocol.StreamError;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.ChannelOutputShutdownException;
import io.netty.handler.codec.quic.DefaultQuicStreamFrame;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamResetException;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * One perf request on the server: the 8-byte length, then the upload to FIN, then the response.
 *
 * <p>The response is written chunk by chunk, the next once quiche has taken the last (a chunk
 * quiche has no room for waits in Netty until ACKs and flow-control credit arrive), so at most one
 * chunk waits in Netty at a time. The FIN travels on the last chunk's frame:
 * {@code shutdownOutput()} hands quiche a FIN ahead of anything Netty still queues, which cuts
 * the response short.
 *
 * <p>A stream that breaks the protocol gets the draft's answer (docs/netty-quic.md, "Hostile
 * peers"), and every way out ends with the stream channel closed, after resetting the response
 * where no FIN may go out: closing a Netty QUIC stream channel otherwise sends a FIN, which the
 * client would take for a complete (empty or short) response.
 */
final class PerfServerStream extends ChannelInboundHandlerAdapter {

    private enum State {
        /** Reading the 8 length bytes. */
        HEADER,
        /** Length accepted; reading the upload to its FIN. */
        DRAINING,
        /** Writing the response. */
        RESPONDING,
        /** Response handed over with its FIN, or the stream given up. */
        DONE
    }

    /** Lines about misbehaving streams, for the whole server: at most 20 a second. */
    private static final PerfProtocol.LogRation LINES = new PerfProtocol.LogRation(20);

    /**
     * Streams a connection may leave behind without their FIN before we close it. Netty QUIC drops
     * a stream channel from its connection's stream map only once the FIN has been read, so each
     * stream we close earlier (reset by the client, rejected, unidirectional) stays in that map,
     * a kilobyte or two, until the connection closes; quiche frees its own state and returns the
     * stream credit regardless. Without a bound, one connection that opens and resets streams for
     * hours would take the whole heap. 10,000 is far beyond any honest perf client (it sends one
     * FIN per request). {@code -Dquicperf.nettyquic.maxUnfinishedStreams} overrides it (tests).
     */
    static final int MAX_UNFINISHED_STREAMS = Integer.getInteger("quicperf.nettyquic.maxUnfinishedStreams", 10_000);

    /** Per connection: how many of its streams we closed before their FIN. Touched on its event loop only. */
    private static final AttributeKey<int[]> UNFINISHED = AttributeKey.valueOf(PerfServerStream.class, "unfinished");

    private final byte[] header = new byte[PerfProtocol.HEADER_BYTES];
    private int headerBytes;
    /** Upload bytes after the header; perf discards them, we only count them. */
    private long uploaded;
    private long responseBytes = -1;
    private long sent;
    private State state = State.HEADER;
    private boolean started;
    /** The client's FIN has been read. */
    private boolean finSeen;
    /** We have closed the stream channel. */
    private boolean closing;
    /** Response writes handed to Netty whose outcome is not known yet. */
    private int writesInFlight;
    private boolean writing;
    private boolean finWritten;
    private ChannelHandlerContext ctx;
    /** "stream 4 of 127.0.0.1:5000", for log lines; fixed at the start, the connection may be gone later. */
    private String name;
    private final ChannelFutureListener writeDone = this::writeDone;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        QuicStreamChannel stream = stream();
        name = "stream " + stream.streamId() + " of " + peer(stream.parent().remoteSocketAddress());
        if (ctx.channel().isActive()) {
            start();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start();
        ctx.fireChannelActive();
    }

    private void start() {
        if (started) {
            return;
        }
        started = true;
        QuicStreamChannel stream = stream();
        if (stream.type() != QuicStreamType.BIDIRECTIONAL || stream.isLocalCreated()) {
            // perf only answers client-opened bidirectional streams. A client's unidirectional stream
            // has no sending side here: ask the client to stop (STOP_SENDING) and drop the channel.
            state = State.DONE;
            stream.shutdownInput((int) StreamError.NOT_IMPLEMENTED.code);
            note("unidirectional; STOP_SENDING " + StreamError.NOT_IMPLEMENTED);
            closeStream();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (state == State.DONE || !(msg instanceof ByteBuf buf)) {
                return;
            }
            if (state == State.HEADER) {
                int n = Math.min(buf.readableBytes(), header.length - headerBytes);
                buf.readBytes(header, headerBytes, n);
                headerBytes += n;
                if (headerBytes == header.length && !admit()) {
                    return;
                }
            }
            uploaded += buf.readableBytes();
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /** Checks a complete header; refuses the stream at once, without reading the upload, if it asks too much. */
    private boolean admit() {
        long raw = PerfProtocol.rawLength(header);
        if (PerfProtocol.admit(raw) == StreamError.OK) {
            responseBytes = raw;
            state = State.DRAINING;
            return true;
        }
        state = State.DONE;
        // STOP_SENDING and RESET_STREAM, both REJECTED.
        stream().shutdown((int) StreamError.REJECTED.code);
        note("asks for " + PerfProtocol.describeLength(raw) + " bytes, over the " + PerfProtocol.MAX_RESPONSE_BYTES
                + " limit; STOP_SENDING and RESET_STREAM " + StreamError.REJECTED);
        closeStream();
        return false;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ChannelInputShutdownEvent.INSTANCE) {
            finSeen = true;
            if (state == State.HEADER) {
                state = State.DONE;
                stream().shutdownOutput((int) StreamError.INVALID_DATA.code);
                note("FIN after " + headerBytes + " of " + PerfProtocol.HEADER_BYTES + " length bytes; RESET_STREAM "
                        + StreamError.INVALID_DATA);
                closeStream();
            } else if (state == State.DRAINING) {
                state = State.RESPONDING;
                writeResponse();
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        writeResponse();
        ctx.fireChannelWritabilityChanged();
    }

    /**
     * Writes the response one chunk at a time: the next chunk only once the last one is in quiche.
     * A chunk that quiche has no room for waits in Netty's queue until credit comes, and its
     * completion writes the next, so at most one chunk waits in Netty. That waiting chunk is also
     * how we learn of a STOP_SENDING: Netty fails queued writes when quiche reports the stream
     * stopped, and tells nobody while nothing is queued.
     */
    private void writeResponse() {
        if (state != State.RESPONDING || writing) {
            return;
        }
        writing = true;
        try {
            if (responseBytes == 0 && !finWritten) {
                finWritten = true;
                writesInFlight++;
                ctx.write(new DefaultQuicStreamFrame(Unpooled.EMPTY_BUFFER, true)).addListener(writeDone);
            }
            // A write that quiche takes at once completes (and runs writeDone) inside ctx.write.
            while (state == State.RESPONDING && sent < responseBytes && writesInFlight == 0) {
                int length = (int) Math.min(PatternBuffer.MAX_CHUNK, responseBytes - sent);
                ByteBuf chunk = PatternBuffer.slice(sent, length);
                sent += length;
                writesInFlight++;
                if (sent == responseBytes) {
                    finWritten = true;
                    // FIN on the last frame: quiche sets it after the last byte, whatever is still queued.
                    ctx.write(new DefaultQuicStreamFrame(chunk, true)).addListener(writeDone);
                } else {
                    ctx.write(chunk).addListener(writeDone);
                }
            }
        } finally {
            writing = false;
        }
    }

    private void writeDone(ChannelFuture f) {
        writesInFlight--;
        if (!f.isSuccess()) {
            abandon(f.cause());
        } else if (state == State.RESPONDING && finWritten && writesInFlight == 0) {
            state = State.DONE; // the response and its FIN are quiche's now
        } else {
            writeResponse();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        abandon(cause);
    }

    /**
     * The client reset its request, stopped the response, or the connection failed: stop work on the
     * stream and close it. A response not yet begun is reset, so closing sends no FIN.
     */
    private void abandon(Throwable cause) {
        State was = state;
        state = State.DONE;
        if (was == State.HEADER || was == State.DRAINING) {
            // Reset (or failed) before its FIN: there is no request to answer.
            stream().shutdown((int) PerfProtocol.CANCELLED.code);
            String how = cause instanceof QuicStreamResetException r
                    ? "reset by the client with code " + r.applicationProtocolCode() : cause.toString();
            note("request ended after " + uploaded + " upload bytes without a FIN (" + how + "); RESET_STREAM "
                    + PerfProtocol.CANCELLED);
        } else if (was == State.RESPONDING) {
            // quiche has already answered a STOP_SENDING with RESET_STREAM carrying the client's code.
            String how = cause instanceof ChannelOutputShutdownException ? "the client sent STOP_SENDING" : cause.toString();
            note("response abandoned after " + sent + " of " + responseBytes + " bytes (" + how + ")");
        }
        closeStream();
    }

    /** Closes the stream channel; one closed before the client's FIN counts against its connection. */
    private void closeStream() {
        if (closing) {
            return;
        }
        closing = true;
        ctx.close();
        if (finSeen) {
            return;
        }
        QuicChannel connection = stream().parent();
        int[] unfinished = connection.attr(UNFINISHED).setIfAbsent(new int[1]);
        if (unfinished == null) {
            unfinished = connection.attr(UNFINISHED).get();
        }
        if (++unfinished[0] == MAX_UNFINISHED_STREAMS + 1) {
            // Not rationed: at most one such line per connection, after 10,000 broken streams.
            System.err.println(NettyQuicPerfServer.PROGRAM + ": " + name + ": the connection has left "
                    + MAX_UNFINISHED_STREAMS + " streams unfinished; closing it with " + StreamError.REJECTED);
            connection.close(true, (int) StreamError.REJECTED.code,
                    Unpooled.copiedBuffer("too many unfinished perf streams", StandardCharsets.US_ASCII));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // The connection closed or timed out (a client that vanished) with work still outstanding.
        if (state != State.DONE) {
            State was = state;
            state = State.DONE;
            note(was == State.RESPONDING
                    ? "response abandoned after " + sent + " of " + responseBytes + " bytes (connection closed)"
                    : "request ended after " + uploaded + " upload bytes without a FIN (connection closed)");
        }
        ctx.fireChannelInactive();
    }

    private QuicStreamChannel stream() {
        return (QuicStreamChannel) ctx.channel();
    }

    private void note(String what) {
        String line = LINES.admit(NettyQuicPerfServer.PROGRAM + ": " + name + ": " + what, System.nanoTime());
        if (line != null) {
            System.err.println(line);
        }
    }

    private static String peer(SocketAddress address) {
        if (address instanceof InetSocketAddress a && a.getAddress() != null) {
            return a.getAddress().getHostAddress() + ":" + a.getPort();
        }
        return String.valueOf(address);
    }
}
