package dev.quicperf.external;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A UDP port for a foreign server that cannot pick its own and say which. The kernel hands out
 * an ephemeral port that was free a moment ago; a server that then fails to bind it fails its
 * readiness with its own message, and the cell says so rather than measuring something else.
 */
final class FreePort {

    private FreePort() {
    }

    static int udp() {
        // Loopback in the harness's namespace; a server in a fresh namespace has every port free.
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free UDP port on loopback", e);
        }
    }
}
