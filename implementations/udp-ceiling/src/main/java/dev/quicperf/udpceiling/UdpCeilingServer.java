package dev.quicperf.udpceiling;

import dev.quicperf.adapter.Args;
import dev.quicperf.adapter.ConnectionStatsLine;
import dev.quicperf.adapter.IoMode;
import dev.quicperf.adapter.Readiness;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.nio.channels.DatagramChannel;
import java.util.Set;

/**
 * The udp-blast server: {@code --host --port --cert --key [--io nio]} (the certificate is accepted
 * and unused: there is no crypto here). Prints {@code QUICPERF READY port=<n>} (the UDP port) on
 * stdout once it listens, then a {@link ConnectionStatsLine} as each transfer ends (the client's
 * port, the DATA datagrams sent including resends, and the resends), and nothing else there.
 * Serves until SIGTERM. See {@link Wire} for the protocol and {@link BlastServer} for the loop.
 */
public final class UdpCeilingServer {

    static final String PROGRAM = "udp-ceiling-server";

    private UdpCeilingServer() {
    }

    public static void main(String[] argv) {
        PrintStream stdout = System.out;
        // stdout carries the readiness and stats lines only.
        System.setOut(System.err);
        PrintStream log = System.err;

        String host;
        int port;
        InetAddress address;
        try {
            Args args = Args.parse(PROGRAM, argv, Set.of("host", "port", "cert", "key", "io"));
            IoMode io = args.ioMode("io", IoMode.NIO);
            if (io != IoMode.NIO) {
                throw new IllegalArgumentException(PROGRAM + ": --io " + io.id() + ": this server moves its datagrams"
                        + " through java.nio's DatagramChannel only, so its one I/O mode is " + IoMode.NIO.id());
            }
            host = args.string("host");
            port = args.port("port");
            // Checked like every server's, so a launch that works here works for the others.
            args.readableFile("cert");
            args.readableFile("key");
            try {
                address = InetAddress.getByName(host);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(PROGRAM + ": --host " + host + " is not an address this machine can resolve");
            }
        } catch (IllegalArgumentException e) {
            log.println(e.getMessage());
            System.exit(2);
            return;
        }

        BlastServer server;
        DatagramChannel channel;
        try {
            channel = DatagramChannel.open(address instanceof java.net.Inet6Address
                    ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
            // Buffers before bind, so the first datagram already has them.
            UdpSockets.apply(channel, log, PROGRAM);
            channel.bind(new InetSocketAddress(address, port));
            server = new BlastServer(channel, stdout, log);
        } catch (Exception e) {
            log.println(PROGRAM + ": cannot start on " + host + ":" + port + ": " + e);
            e.printStackTrace(log);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "udp-ceiling-server-shutdown"));

        int actualPort = ((InetSocketAddress) localAddress(channel)).getPort();
        log.println(PROGRAM + ": listening on " + host + ":" + actualPort + " (" + Wire.DATAGRAM_BYTES
                + "-byte datagrams, " + Wire.PAYLOAD_BYTES + " response bytes each, JDK " + System.getProperty("java.version")
                + ")");
        stdout.println(Readiness.readyLine(actualPort));
        stdout.flush();
        server.run();
    }

    private static java.net.SocketAddress localAddress(DatagramChannel channel) {
        try {
            return channel.getLocalAddress();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
