package dev.quicperf.h3ref;

import dev.quicperf.adapter.load.LoadRecorder;
import java.util.concurrent.CompletableFuture;

/**
 * The rps scenario: {@code connections} persistent connections, all handshaken before the
 * warm-up (their handshakes are recorded, untimed), each keeping {@code outstanding} requests in
 * flight through both phases.
 */
final class RpsDriver implements LoadDriver, RpsConnection.Setup {

    private final LoadTransport transport;
    private final LoadRecorder recorder;
    private final RpsConnection[] connections;
    private int established;
    private CompletableFuture<Void> ready;

    RpsDriver(LoadTransport transport, LoadRecorder recorder) {
        this.transport = transport;
        this.recorder = recorder;
        this.connections = new RpsConnection[recorder.options().connections()];
        for (int i = 0; i < connections.length; i++) {
            connections[i] = new RpsConnection(i, recorder, this, transport);
        }
    }

    @Override
    public void prepare(CompletableFuture<Void> ready) {
        this.ready = ready;
        // All handshakes at once: the server sees the burst of new connections a fleet of clients
        // would bring, and setup takes one handshake time rather than n of them.
        for (RpsConnection connection : connections) {
            connection.connect();
        }
    }

    @Override
    public void established(RpsConnection connection) {
        if (++established == connections.length) {
            ready.complete(null);
        }
    }

    @Override
    public void handshakeFailed(RpsConnection connection, String why) {
        recorder.failed(why);
        ready.complete(null);
    }

    @Override
    public void startPhase() {
        for (RpsConnection connection : connections) {
            connection.fill();
        }
    }

    @Override
    public String pending() {
        if (established < connections.length) {
            return (connections.length - established) + " of " + connections.length + " handshakes with "
                    + transport.serverName() + " not complete";
        }
        int inFlight = 0;
        for (RpsConnection connection : connections) {
            inFlight += connection.inFlight();
        }
        return inFlight + " requests on " + connections.length + " connections to " + transport.serverName()
                + " without their response";
    }

    @Override
    public void closeAll() {
        for (RpsConnection connection : connections) {
            connection.close();
        }
    }
}
