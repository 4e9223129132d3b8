package dev.quicperf.kwik;

import dev.quicperf.adapter.load.LoadOptions;
import dev.quicperf.adapter.load.LoadRecorder;
import java.util.List;
import tech.kwik.core.QuicClientConnection;

/**
 * The response-time and handshakes scenarios: {@code connections} clients side by side, each
 * opening a new connection per ticket, making one request on it (response-time only) and closing
 * it. A request's latency runs from the start of its connection to its response's FIN, as a
 * browser fetching one object from a new server sees it.
 */
final class FreshConnectionLoad implements LoadScenarioDriver {

    private final LoadOptions options;
    private final LoadRecorder recorder;
    private final LoadConnector connector;
    private final LoadRequest[] requests;
    private long deadlineNanos;

    FreshConnectionLoad(LoadOptions options, LoadRecorder recorder, LoadConnector connector) {
        this.options = options;
        this.recorder = recorder;
        this.connector = connector;
        this.requests = new LoadRequest[options.connections()];
        if (options.scenario().hasRequests()) {
            for (int w = 0; w < requests.length; w++) {
                requests[w] = new LoadRequest(options.responseBytes());
            }
        }
    }

    @Override
    public void prepare(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
    }

    @Override
    public List<LoadRequest> requests() {
        return options.scenario().hasRequests() ? List.of(requests) : List.of();
    }

    @Override
    public int workers() {
        return options.connections();
    }

    @Override
    public void unit(int worker) {
        String step = "handshake";
        QuicClientConnection c = null;
        // The clock starts before kwik builds the connection: its socket and threads are part of
        // what a new connection costs.
        long start = System.nanoTime();
        try {
            c = connector.connect(deadlineNanos);
            recorder.connected(System.nanoTime() - start);
            LoadRequest request = requests[worker];
            if (request == null) {
                recorder.completed(-1, 0);
            } else {
                step = "request for " + options.responseBytes() + " bytes";
                long verified = request.exchange(c);
                recorder.completed(System.nanoTime() - start, verified);
            }
        } catch (Throwable e) {
            recorder.failed(options.scenario() + ": " + step + " with " + connector.target() + " failed: "
                    + LoadScenarioDriver.describe(e));
        } finally {
            if (c != null) {
                connector.close(c);
            }
        }
    }
}
