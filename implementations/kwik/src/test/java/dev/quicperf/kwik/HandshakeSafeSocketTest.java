package dev.quicperf.kwik;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HandshakeSafeSocketTest {

    @Test
    void holdsTheFirstDatagramUntilTheConnectingThreadWaitsForTheHandshake() throws Exception {
        Semaphore startingHandshake = new Semaphore(0);
        CountDownLatch handshakeFinished = new CountDownLatch(1);
        // Stands in for the thread in kwik's connect(): busy (here: parked on something else) while it
        // starts the handshake, then parked on the handshake-finished latch.
        Thread connecting = new Thread(() -> {
            try {
                startingHandshake.acquire();
                handshakeFinished.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "connecting");
        connecting.setDaemon(true);
        connecting.start();

        try (HandshakeSafeSocket socket = new HandshakeSafeSocket(connecting);
                DatagramSocket server = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.connect(server.getLocalSocketAddress());
            server.send(new DatagramPacket(new byte[] {1}, 1, socket.getLocalSocketAddress()));
            CompletableFuture<Byte> first = CompletableFuture.supplyAsync(() -> receiveOne(socket));

            Thread.sleep(300);
            assertThat(first).as("the ServerHello waits while the handshake is being started").isNotDone();

            startingHandshake.release();
            assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo((byte) 1);

            // Later datagrams pass at once.
            server.send(new DatagramPacket(new byte[] {2}, 1, socket.getLocalSocketAddress()));
            assertThat(receiveOne(socket)).isEqualTo((byte) 2);
        } finally {
            handshakeFinished.countDown();
        }
    }

    private static byte receiveOne(DatagramSocket socket) {
        try {
            DatagramPacket p = new DatagramPacket(new byte[16], 16);
            socket.receive(p);
            return p.getData()[0];
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
