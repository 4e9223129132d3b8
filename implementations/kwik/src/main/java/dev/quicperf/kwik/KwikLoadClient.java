package dev.quicperf.kwik;

import dev.quicperf.adapter.ResponseVerifier;
import dev.quicperf.adapter.load.LoadOptions;
import dev.quicperf.adapter.load.LoadRecorder;
import dev.quicperf.adapter.load.LoadReport;
import java.io.PrintStream;
import java.time.Duration;

/**
 * The load client on kwik: many connections from one process (scenarios rps, response-time,
 * handshakes; arguments as {@link LoadOptions#toArgs()}). Runs the warm-up, then the timed phase,
 * and prints exactly one {@link LoadReport} JSON line on stdout; progress and kwik's messages go
 * to stderr. Exit 0 when every timed request completed and verified, 1 on any failure or the
 * deadline (still with a report), 2 on bad arguments.
 */
public final class KwikLoadClient {

    private static final String PROGRAM = "kwik-load-client";
    private static final long PROGRESS_PERIOD_MILLIS = 1000;
    /** How long the end of a run waits for its connections' CONNECTION_CLOSE to go out. */
    private static final Duration CLOSE_WAIT = Duration.ofMillis(200);

    private final LoadOptions options;
    private final PrintStream log;
    private final LoadRecorder recorder;
    private final LoadConnector connector;
    /** The run's deadline: the whole timeout from the start, warm-up included. */
    private final long deadline;
    private StuckRequestPinger pinger;

    private KwikLoadClient(LoadOptions options, PrintStream log) {
        this.options = options;
        this.log = log;
        this.deadline = System.nanoTime() + options.timeout().toNanos();
        this.recorder = new LoadRecorder(options, KwikImplementation.ID, new KwikImplementation().version(), log);
        this.connector = new LoadConnector(options.host(), options.port(), log, PROGRAM);
    }

    public static void main(String[] argv) {
        PrintStream stdout = System.out;
        // stdout carries the report only: anything else (kwik's certificate warning included) goes to stderr.
        System.setOut(System.err);
        System.setProperty("tech.kwik.core.no-security-warnings", "true");
        PrintStream log = System.err;

        LoadOptions options;
        try {
            options = LoadOptions.parse(PROGRAM, argv);
        } catch (IllegalArgumentException e) {
            log.println(e.getMessage());
            System.exit(2);
            return;
        }

        KwikLoadClient client = new KwikLoadClient(options, log);
        LoadReport report = client.runAndReport();
        stdout.println(report.toJson());
        stdout.flush();
        client.finish(report);
        // kwik's threads of connections still closing must not keep the JVM alive.
        System.exit(report.ok() ? 0 : 1);
    }

    private LoadReport runAndReport() {
        recorder.startProgressLine(PROGRESS_PERIOD_MILLIS);
        try {
            run();
        } catch (Throwable e) {
            recorder.abort(PROGRAM + " failed: " + LoadScenarioDriver.describe(e));
            e.printStackTrace(log);
        }
        return recorder.report();
    }

    private void run() throws InterruptedException {
        // Our own one-time set-up stays out of the timed phase: the payload pattern's table and our
        // classes (kwik's own warm up in the warm-up phase).
        new ResponseVerifier(1).accept(new byte[1], 0, 1);
        SenderKick.prepare();

        LoadScenarioDriver driver = switch (options.scenario()) {
            case RPS -> new RpsLoad(options, recorder, connector);
            case RESPONSE_TIME, HANDSHAKES -> new FreshConnectionLoad(options, recorder, connector);
        };
        driver.prepare(deadline);
        if (!recorder.running()) {
            return;
        }
        pinger = new StuckRequestPinger(driver.requests());
        pinger.start();
        PhasedWorkers workers = new PhasedWorkers(recorder, driver.workers(), driver::unit);

        recorder.beginWarmup();
        workers.startPhase();
        if (!recorder.awaitPhase(deadline)) {
            return;
        }
        if (!workers.awaitDrained(deadline)) {
            recorder.abort("timeout after " + options.timeout().toMillis() + " ms: the warm-up's requests all"
                    + " completed, but not all " + workers.count() + " workers came back for the timed phase");
            return;
        }

        recorder.beginMeasured();
        workers.startPhase();
        recorder.awaitPhase(deadline);
    }

    /** After the report is out: what else stderr should say, and close what is still open. */
    private void finish(LoadReport report) {
        if (!report.ok()) {
            log.println(PROGRAM + ": " + report.error());
        }
        if (pinger != null && pinger.pings() > 0) {
            log.println(PROGRAM + ": sent " + pinger.pings() + " PING(s) for requests still without a response after "
                    + StuckRequestPinger.FIRST_PING_MILLIS + " ms (see StuckRequestPinger)");
        }
        connector.closeAll(CLOSE_WAIT);
    }
}
