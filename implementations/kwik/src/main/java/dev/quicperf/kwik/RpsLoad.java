package dev.quicperf.kwik;

import dev.quicperf.adapter.load.LoadOptions;
import dev.quicperf.adapter.load.LoadRecorder;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tech.kwik.core.QuicClientConnection;

/**
 * The rps scenario: {@code connections} persistent connections, all established before the
 * warm-up, each with {@code outstanding} workers of its own, each worker keeping one request in
 * flight (a new stream per request). The same connections serve warm-up and timed phase.
 */
final class RpsLoad implements LoadScenarioDriver {

    /*
     * Handshakes in flight while the connections are set up. The server is one pinned core: more
     * at once only queue there and stretch each handshake, without getting all connections up
     * sooner.
     */
    private static final int CONNECT_PARALLELISM = 16;

    private final LoadOptions options;
    private final LoadRecorder recorder;
    private final LoadConnector connector;
    private final QuicClientConnection[] connections;
    private final LoadRequest[] requests;

    RpsLoad(LoadOptions options, LoadRecorder recorder, LoadConnector connector) {
        this.options = options;
        this.recorder = recorder;
        this.connector = connector;
        this.connections = new QuicClientConnection[options.connections()];
        this.requests = new LoadRequest[options.connections() * options.outstanding()];
        for (int w = 0; w < requests.length; w++) {
            requests[w] = new LoadRequest(options.responseBytes());
        }
    }

    @Override
    public void prepare(long deadlineNanos) throws InterruptedException {
        int n = connections.length;
        AtomicInteger next = new AtomicInteger();
        AtomicInteger established = new AtomicInteger();
        CountDownLatch outcome = new CountDownLatch(1);
        for (int t = 0; t < Math.min(n, CONNECT_PARALLELISM); t++) {
            Thread connecting = new Thread(() -> {
                for (int i; recorder.running() && (i = next.getAndIncrement()) < n; ) {
                    long start = System.nanoTime();
                    try {
                        connections[i] = connector.connect(deadlineNanos);
                        recorder.connectedBeforeTiming(System.nanoTime() - start);
                        if (established.incrementAndGet() == n) {
                            outcome.countDown();
                        }
                    } catch (Throwable e) {
                        recorder.abort("rps: connection " + (i + 1) + " of " + n + " to " + connector.target()
                                + " failed before the warm-up: " + LoadScenarioDriver.describe(e));
                        outcome.countDown();
                    }
                }
            }, "load-connect-" + t);
            connecting.setDaemon(true);
            connecting.start();
        }
        if (!outcome.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            recorder.abort("timeout after " + options.timeout().toMillis() + " ms: " + established.get() + " of " + n
                    + " rps connections to " + connector.target() + " established before the warm-up");
        }
    }

    @Override
    public List<LoadRequest> requests() {
        return List.of(requests);
    }

    @Override
    public int workers() {
        return requests.length;
    }

    @Override
    public void unit(int worker) {
        int c = worker / options.outstanding();
        long start = System.nanoTime();
        try {
            long verified = requests[worker].exchange(connections[c]);
            recorder.completed(System.nanoTime() - start, verified);
        } catch (Throwable e) {
            recorder.failed("rps: request for " + options.responseBytes() + " bytes on connection " + (c + 1) + " of "
                    + connections.length + " to " + connector.target() + " failed: " + LoadScenarioDriver.describe(e));
        }
    }
}
