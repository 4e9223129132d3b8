package dev.quicperf.h3ref;

import dev.quicperf.adapter.load.LoadRecorder;
import java.util.concurrent.CompletableFuture;

/**
 * The response-time and handshakes scenarios: {@code connections} {@link SerialClient}s, each
 * opening a new connection per unit of work. Nothing to set up before the phases.
 */
final class ConnectionPerRequestDriver implements LoadDriver {

    private final LoadTransport transport;
    private final SerialClient[] clients;

    ConnectionPerRequestDriver(LoadTransport transport, LoadRecorder recorder) {
        this.transport = transport;
        this.clients = new SerialClient[recorder.options().connections()];
        for (int i = 0; i < clients.length; i++) {
            clients[i] = new SerialClient(transport, recorder);
        }
    }

    @Override
    public void prepare(CompletableFuture<Void> ready) {
        ready.complete(null);
    }

    @Override
    public void startPhase() {
        for (SerialClient client : clients) {
            client.startIfIdle();
        }
    }

    @Override
    public String pending() {
        int connecting = 0;
        int requesting = 0;
        for (SerialClient client : clients) {
            switch (client.state()) {
                case CONNECTING -> connecting++;
                case REQUESTING -> requesting++;
                default -> {
                }
            }
        }
        return connecting + " handshakes with " + transport.serverName() + " not complete, " + requesting
                + " requests without their response";
    }

    @Override
    public void closeAll() {
        for (SerialClient client : clients) {
            client.close();
        }
    }
}
