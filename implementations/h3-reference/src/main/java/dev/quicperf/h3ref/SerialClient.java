package dev.quicperf.h3ref;

import dev.quicperf.adapter.load.LoadRecorder;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;

/**
 * One of the concurrent clients of the response-time and handshakes scenarios: for each unit of
 * work it opens a connection, does one request on it (response-time) or none (handshakes), closes
 * it and starts the next, one connection at a time. Lives on the event loop.
 */
final class SerialClient implements LoadRequest.Owner, GenericFutureListener<Future<QuicChannel>>, Runnable {

    enum State {
        /** No work left in this phase, or the run failed. */
        IDLE,
        CONNECTING,
        REQUESTING,
        /** Done with a connection; {@link #run()} closes it and starts the next. */
        CLOSING
    }

    private final LoadTransport transport;
    private final LoadRecorder recorder;
    private final long responseBytes;
    private final boolean withRequest;
    private final String request;

    private State state = State.IDLE;
    private long start;
    private QuicChannel quic;
    private ConnectionEvents events;

    SerialClient(LoadTransport transport, LoadRecorder recorder) {
        this.transport = transport;
        this.recorder = recorder;
        this.responseBytes = recorder.options().responseBytes();
        this.withRequest = recorder.options().scenario().hasRequests();
        this.request = H3Requests.describe(responseBytes, 0);
    }

    State state() {
        return state;
    }

    /** Starts the next unit of work if the recorder has one; only while idle. */
    void startIfIdle() {
        if (state == State.IDLE) {
            next();
        }
    }

    private void next() {
        quic = null;
        if (!recorder.claim()) {
            state = State.IDLE;
            return;
        }
        state = State.CONNECTING;
        events = new ConnectionEvents();
        start = System.nanoTime();
        transport.connect(events).addListener(this);
    }

    /** The handshake's outcome. */
    @Override
    public void operationComplete(Future<QuicChannel> future) {
        if (!future.isSuccess()) {
            state = State.IDLE;
            recorder.failed("handshake with " + transport.serverName() + " failed: "
                    + Failures.describe(future.cause()) + events.reasonSuffix());
            return;
        }
        recorder.connected(System.nanoTime() - start);
        quic = future.getNow();
        if (!withRequest) {
            recorder.completed(-1, 0);
            closeAndContinue();
            return;
        }
        state = State.REQUESTING;
        // Its latency counts from the connect call: a new connection per request is the scenario.
        new LoadRequest(this, transport.authority(), responseBytes, request, start).send(quic);
    }

    @Override
    public void responded(LoadRequest request) {
        recorder.completed(System.nanoTime() - start, request.checkedBytes());
        closeAndContinue();
    }

    @Override
    public void requestFailed(LoadRequest request, String why) {
        state = State.IDLE;
        recorder.failed("request to " + transport.serverName() + ": " + why + events.reasonSuffix());
        LoadTransport.closeLater(quic);
    }

    /** From inside the connection's callbacks: close it and go on in a task of our own (see closeLater). */
    private void closeAndContinue() {
        state = State.CLOSING;
        quic.eventLoop().execute(this);
    }

    @Override
    public void run() {
        H3Download.closeConnection(quic);
        next();
    }

    /** Closes the connection in hand, if any, and stops. */
    void close() {
        if (quic != null) {
            H3Download.closeConnection(quic);
        }
        state = State.IDLE;
    }
}
