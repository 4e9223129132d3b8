package dev.quicperf.kwik;

import dev.quicperf.adapter.PerfProtocol;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.DatagramSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import tech.kwik.core.QuicClientConnection;

/**
 * Opens the load client's kwik connections and remembers the open ones, so that the end of the
 * run can close them all whatever state the workers left them in. Thread-safe.
 *
 * <p>Every kwik client connection has a UDP socket and up to seven threads of its own (receiver,
 * receiver loop, sender, loss detection, idle timer, scheduler, callbacks); nothing is shared
 * between connections, so a new connection per request costs a socket and thread starts.
 */
final class LoadConnector {

    private final String host;
    private final int port;
    private final PrintStream log;
    private final String program;
    private final Set<QuicClientConnection> open = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean toldSocketShortfall = new AtomicBoolean();
    private final AtomicLong connectionNumbers = new AtomicLong();
    /* -Dquicperf.kwik.loadConnectedSocket=false leaves the sockets unconnected, as KwikPerfClient's are. */
    private final boolean connectSocket = Tuning.booleanProperty("loadConnectedSocket", true);
    /* -Dquicperf.kwik.handshakeGate=false turns the workaround off, to reproduce the lost ServerHello. */
    private final boolean handshakeGate = Tuning.booleanProperty("handshakeGate", true);

    LoadConnector(String host, int port, PrintStream log, String program) {
        this.host = host;
        this.port = port;
        this.log = log;
        this.program = program;
    }

    String target() {
        return host + ":" + port;
    }

    /**
     * Opens one connection and completes its handshake, by {@code deadlineNanos} at the latest.
     *
     * @throws IOException naming what failed (kwik's own exception, or ours when no time is left)
     */
    QuicClientConnection connect(long deadlineNanos) throws IOException {
        long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        if (left <= 0) {
            throw new ConnectException("no time left before the run's deadline");
        }
        QuicClientConnection c = QuicClientConnection.newBuilder()
                .host(host)
                .port(port)
                .applicationProtocol(PerfProtocol.ALPN)
                // The harness makes a self-signed certificate per run; there is nothing to verify it against.
                .noServerCertificateCheck()
                .connectTimeout(Duration.ofMillis(left))
                .maxIdleTimeout(Duration.ofMillis(Tuning.IDLE_TIMEOUT_MILLIS))
                .defaultStreamReceiveBufferSize(Tuning.LOAD_STREAM_RECEIVE_WINDOW)
                // kwik calls the factory from build(), on this thread, which then calls connect().
                .socketFactory(destination -> {
                    DatagramSocket s = handshakeGate ? new HandshakeSafeSocket(Thread.currentThread()) : new DatagramSocket();
                    String shortfall = Tuning.applySocketBuffers(s);
                    if (shortfall != null && toldSocketShortfall.compareAndSet(false, true)) {
                        log.println(program + ": " + shortfall);
                    }
                    if (connectSocket) {
                        // A connected UDP socket hears the ICMP "port unreachable" the kernel sends when
                        // nothing listens: kwik's receiver then fails the handshake at once
                        // (PortUnreachableException), where an unconnected socket would wait out the
                        // whole deadline. It also filters out datagrams from anyone but the server.
                        s.connect(destination, port);
                    }
                    return s;
                })
                .logger(new LoadLogger(log, connectionNumbers.incrementAndGet()))
                .build();
        open.add(c);
        try {
            c.connect();
        } catch (IOException | RuntimeException e) {
            close(c);
            if (String.valueOf(e.getMessage()).contains("PortUnreachableException")) {
                throw new ConnectException("nothing listens on " + target() + " (ICMP port unreachable): " + e.getMessage());
            }
            throw e;
        }
        return c;
    }

    /**
     * Closes a connection without waiting: kwik sends CONNECTION_CLOSE and frees the connection
     * (its socket and threads) three PTOs later on its own threads.
     */
    void close(QuicClientConnection c) {
        open.remove(c);
        try {
            c.close();
        } catch (RuntimeException ignored) {
            // Already closing or aborted; nothing more to do.
        }
    }

    /**
     * Closes every connection still open, each in a daemon thread of its own so the wait is
     * {@code maxWait} in all, not per connection. Called once, at the end of the run.
     */
    void closeAll(Duration maxWait) {
        List<Thread> closers = new ArrayList<>();
        for (QuicClientConnection c : open) {
            open.remove(c);
            // closeAndWait, not close: the JVM exits right after, and CONNECTION_CLOSE must be out
            // by then so the server frees the connection now rather than at its idle timeout.
            Thread t = new Thread(() -> {
                try {
                    c.closeAndWait(maxWait);
                } catch (RuntimeException ignored) {
                    // Already closing or aborted.
                }
            }, "load-close");
            t.setDaemon(true);
            t.start();
            closers.add(t);
        }
        long deadline = System.nanoTime() + maxWait.toNanos() + TimeUnit.MILLISECONDS.toNanos(100);
        try {
            for (Thread t : closers) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    break;
                }
                t.join(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
