package dev.quicperf.kwik;

import dev.quicperf.adapter.PerfProtocol;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import tech.kwik.core.QuicClientConnection;
import tech.kwik.core.QuicStream;

/**
 * Test helper run as a process of its own by {@link KwikHostilePeerTest}: asks for a response of
 * {@code bytes}, reads {@code readFirst} bytes of it, prints {@code MID-TRANSFER local-port=<n>}
 * on stdout and then stops reading and waits to be killed (SIGKILL), so the server sees a client
 * vanish mid-transfer without a CONNECTION_CLOSE. Arguments: host port bytes readFirst.
 */
public final class AbandoningKwikClient {

    private AbandoningKwikClient() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream stdout = System.out;
        System.setOut(System.err);
        System.setProperty("tech.kwik.core.no-security-warnings", "true");
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        long bytes = Long.parseLong(args[2]);
        long readFirst = Long.parseLong(args[3]);

        QuicClientConnection connection = QuicClientConnection.newBuilder()
                .host(host)
                .port(port)
                .applicationProtocol(PerfProtocol.ALPN)
                .noServerCertificateCheck()
                .connectTimeout(Duration.ofSeconds(20))
                .maxIdleTimeout(Duration.ofSeconds(60))
                .logger(new StderrLogger(System.err, "kwik: "))
                .build();
        connection.connect();
        QuicStream stream = connection.createStream(true);
        StallSafeOutput out = new StallSafeOutput(connection, stream);
        byte[] header = PerfProtocol.header(bytes);
        out.write(header, 0, header.length);
        out.finish();
        InputStream in = stream.getInputStream();
        byte[] buf = new byte[64 << 10];
        long read = 0;
        while (read < readFirst) {
            int n = in.read(buf);
            if (n < 0) {
                throw new IllegalStateException("response ended after " + read + " bytes");
            }
            read += n;
        }
        stdout.println("MID-TRANSFER local-port=" + connection.getLocalAddress().getPort());
        stdout.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
