package dev.quicperf.kwik;

import java.io.OutputStream;
import java.util.function.Consumer;
import java.util.function.Function;
import tech.kwik.core.QuicConnection;
import tech.kwik.core.QuicStream;
import tech.kwik.core.common.EncryptionLevel;
import tech.kwik.core.frame.QuicFrame;
import tech.kwik.core.impl.QuicConnectionImpl;
import tech.kwik.core.stream.FlowControlUpdateListener;

/**
 * The two kwik operations our stall workaround is made of (see {@link StallSafeOutput} and
 * {@link SendStallWatchdog}). Both use public kwik types only; no reflection.
 */
final class SenderKick {

    // Made once (at class initialisation), not per call.
    private static final Function<Integer, QuicFrame> NO_FRAME = maxSize -> null;
    private static final Consumer<QuicFrame> NOT_RETRANSMITTED = lost -> { };

    private SenderKick() {
    }

    /** Loads and links this class ahead of time, so the first kick does not pay for it. */
    static void prepare() {
        // Class initialisation has run by the time this is called.
    }

    /**
     * Queues a send request for the stream's output if none is counted as queued, without waking
     * the sender thread. This is the callback kwik itself calls when a MAX_STREAM_DATA or
     * MAX_DATA frame unblocks a stream; on a healthy stream (a request queued) it does nothing.
     */
    static void queueSendRequest(QuicStream stream) {
        OutputStream out = stream.getOutputStream();
        if (out instanceof FlowControlUpdateListener listener) {
            listener.streamNotBlocked(stream.getStreamId());
        }
    }

    /**
     * Wakes the connection's sender thread so it assembles packets from what is queued. The
     * request it queues for that supplies no frame, so nothing extra goes on the wire.
     */
    static void wakeSender(QuicConnection connection) {
        if (connection instanceof QuicConnectionImpl impl) {
            impl.send(NO_FRAME, 1, EncryptionLevel.App, NOT_RETRANSMITTED, true);
        }
    }
}
