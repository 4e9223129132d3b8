package dev.quicperf.h3ref;

import dev.quicperf.adapter.load.LoadRecorder;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicStreamLimitChangedEvent;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;

/**
 * One persistent rps connection: opened before the phases, then kept at {@code outstanding}
 * requests in flight, a new request stream as soon as one completes, for as long as the recorder
 * hands out work. Lives on the event loop; it is its connection's handler, the listener of its
 * handshake and the owner of its requests.
 */
final class RpsConnection extends ConnectionEvents
        implements LoadRequest.Owner, GenericFutureListener<Future<QuicChannel>> {

    /** What the driver hears about the handshake. */
    interface Setup {
        void established(RpsConnection connection);

        void handshakeFailed(RpsConnection connection, String why);
    }

    private final int index;
    private final LoadRecorder recorder;
    private final Setup setup;
    private final LoadTransport transport;
    private final String request;
    private final long responseBytes;
    private final int outstanding;

    private QuicChannel quic;
    private long connectStart;
    private int inFlight;
    private boolean closing;

    RpsConnection(int index, LoadRecorder recorder, Setup setup, LoadTransport transport) {
        this.index = index;
        this.recorder = recorder;
        this.setup = setup;
        this.transport = transport;
        this.responseBytes = recorder.options().responseBytes();
        this.outstanding = recorder.options().outstanding();
        this.request = H3Requests.describe(responseBytes, 0);
    }

    void connect() {
        connectStart = System.nanoTime();
        transport.connect(this).addListener(this);
    }

    /** The handshake's outcome. */
    @Override
    public void operationComplete(Future<QuicChannel> future) {
        if (future.isSuccess()) {
            recorder.connectedBeforeTiming(System.nanoTime() - connectStart);
            quic = future.getNow();
            setup.established(this);
        } else {
            setup.handshakeFailed(this, "connection " + index + ": handshake with " + transport.serverName()
                    + " failed: " + Failures.describe(future.cause()) + reasonSuffix());
        }
    }

    int inFlight() {
        return inFlight;
    }

    /**
     * Tops the connection up to {@code outstanding} requests while the recorder has work. Stream
     * credit is checked first: the server returns a stream's credit (MAX_STREAMS) only after the
     * stream is done on its side, so with many outstanding the next stream can briefly be over
     * the limit; we then wait for the credit ({@link #userEventTriggered}) instead of failing.
     */
    void fill() {
        while (inFlight < outstanding && quic.peerAllowedStreams(QuicStreamType.BIDIRECTIONAL) > 0
                && recorder.claim()) {
            inFlight++;
            new LoadRequest(this, transport.authority(), responseBytes, request, System.nanoTime()).send(quic);
        }
    }

    @Override
    public void responded(LoadRequest request) {
        inFlight--;
        recorder.completed(System.nanoTime() - request.startNanos, request.checkedBytes());
        fill();
    }

    @Override
    public void requestFailed(LoadRequest request, String why) {
        inFlight--;
        recorder.failed("connection " + index + ": " + why + reasonSuffix());
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof QuicStreamLimitChangedEvent && quic != null && !closing) {
            fill();
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // Requests in flight fail on their own (their streams close); an idle connection that goes
        // away would silently lower the concurrency, so that is a failure too.
        if (!closing && inFlight == 0 && quic != null) {
            recorder.failed("connection " + index + " to " + transport.serverName() + " closed while idle"
                    + reasonSuffix());
        }
        ctx.fireChannelInactive();
    }

    void close() {
        closing = true;
        if (quic != null) {
            H3Download.closeConnection(quic);
        }
    }
}
