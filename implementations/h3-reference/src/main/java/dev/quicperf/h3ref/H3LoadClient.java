package dev.quicperf.h3ref;

import dev.quicperf.adapter.load.LoadOptions;
import dev.quicperf.adapter.load.LoadRecorder;
import dev.quicperf.adapter.load.LoadReport;
import dev.quicperf.adapter.load.LoadScenario;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The reference HTTP/3 load client: many connections from one process for the rps,
 * response-time and handshakes scenarios ({@link LoadScenario}), each request a
 * {@code GET /<bytes>} checked for status and length ({@link ResponseCheck}). All connections
 * share one UDP socket and one event-loop thread ({@link LoadTransport}); the main thread only
 * steps the {@link LoadRecorder} through its phases and waits. Same command line as our load
 * clients ({@link LoadOptions#toArgs()}); exactly one {@link LoadReport} JSON line on stdout,
 * progress and diagnostics on stderr. The report's {@code bytesVerified} counts length-checked
 * bytes.
 *
 * <p>Exit status: 0 when every timed request completed and passed its checks, 1 otherwise (the
 * report says why), 2 for bad arguments.
 */
public final class H3LoadClient {

    static final String PROGRAM = "h3-reference-load-client";

    private static final long PROGRESS_PERIOD_MILLIS = 1_000;

    /** How long we give the connections, then the socket and the loop, to close. */
    private static final long CLOSE_GRACE_MILLIS = 1_000;

    /**
     * The event loop enforces the deadline (it knows what is outstanding); the main thread waits
     * this much longer only to survive a loop that no longer answers.
     */
    private static final long BACKSTOP_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final LoadOptions options;
    private final LoadRecorder recorder;
    /** Where the run is, for the timeout message; written by main, read by the loop's timer. */
    private volatile String stage = "before the handshakes";

    private H3LoadClient(LoadOptions options, LoadRecorder recorder) {
        this.options = options;
        this.recorder = recorder;
    }

    public static void main(String[] argv) {
        LoadOptions options;
        InetSocketAddress server;
        try {
            options = LoadOptions.parse(PROGRAM, argv);
            // An unknown host is a bad argument too.
            server = new InetSocketAddress(H3ClientSettings.address(PROGRAM, options.host()), options.port());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        // Only the report goes to stdout, whatever a library prints.
        PrintStream stdout = System.out;
        System.setOut(System.err);

        LoadRecorder recorder = new LoadRecorder(options, H3Reference.ID, H3Reference.version(), System.err);
        LoadReport report;
        try {
            report = new H3LoadClient(options, recorder).run(server);
        } catch (Throwable t) {
            t.printStackTrace();
            recorder.abort("load client failed: " + Failures.describe(t));
            report = recorder.report();
        }
        stdout.println(report.toJson());
        stdout.flush();
        System.exit(report.ok() ? 0 : 1);
    }

    private LoadReport run(InetSocketAddress server) throws Exception {
        long deadline = System.nanoTime() + options.timeout().toNanos();
        long backstop = deadline + BACKSTOP_NANOS;
        recorder.startProgressLine(PROGRESS_PERIOD_MILLIS);
        LoadTransport transport = LoadTransport.open(PROGRAM, options.host(), server,
                options.scenario().hasRequests() ? options.responseBytes() : 0);
        try {
            EventLoop loop = transport.loop();
            LoadDriver driver = options.scenario() == LoadScenario.RPS
                    ? new RpsDriver(transport, recorder) : new ConnectionPerRequestDriver(transport, recorder);
            CompletableFuture<Void> ready = new CompletableFuture<>();
            ScheduledFuture<?> timer = loop.schedule(() -> {
                recorder.abort("timeout after " + options.timeout().toMillis() + " ms " + stage + ": "
                        + driver.pending());
                ready.complete(null);
            }, deadline - System.nanoTime(), TimeUnit.NANOSECONDS);

            stage = "while connecting";
            loop.execute(guarded(() -> driver.prepare(ready), ready));
            awaitReady(ready, backstop);
            if (recorder.running()) {
                stage = "in the warm-up";
                recorder.beginWarmup();
                loop.execute(guarded(driver::startPhase, null));
                if (recorder.awaitPhase(backstop)) {
                    stage = "in the timed phase";
                    recorder.beginMeasured();
                    loop.execute(guarded(driver::startPhase, null));
                    recorder.awaitPhase(backstop);
                }
            }
            timer.cancel(false);
            LoadReport report = recorder.report();
            // Close politely so the server frees the connections now, not after its idle timeout.
            loop.submit(driver::closeAll).awaitUninterruptibly(CLOSE_GRACE_MILLIS);
            return report;
        } finally {
            transport.close(CLOSE_GRACE_MILLIS);
        }
    }

    /**
     * A loop task whose bug ends the run at once with its reason, instead of at the deadline;
     * {@code waiting}, if not null, is completed so the main thread stops waiting for it.
     */
    private Runnable guarded(Runnable task, CompletableFuture<Void> waiting) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                e.printStackTrace();
                recorder.abort("load client failed: " + Failures.describe(e));
                if (waiting != null) {
                    waiting.complete(null);
                }
            }
        };
    }

    private void awaitReady(CompletableFuture<Void> ready, long backstop) throws Exception {
        try {
            ready.get(Math.max(0, backstop - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            recorder.abort("timeout after " + options.timeout().toMillis() + " ms " + stage
                    + " (event loop unresponsive)");
        }
    }
}
