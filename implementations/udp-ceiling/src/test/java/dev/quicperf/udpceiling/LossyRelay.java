package dev.quicperf.udpceiling;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A UDP relay between one client and a server that drops the datagrams a test names, so that
 * loss, which loopback never shows, can be put exactly where the protocol must repair it.
 */
final class LossyRelay implements AutoCloseable {

    private final DatagramChannel front;
    private final DatagramChannel back;
    private final Selector selector;
    private final Thread thread;
    private final Predicate<ByteBuffer> dropToServer;
    private final Predicate<ByteBuffer> dropToClient;
    final AtomicInteger droppedToServer = new AtomicInteger();
    final AtomicInteger droppedToClient = new AtomicInteger();
    private volatile SocketAddress client;

    /** The predicates see each datagram (position 0, limit its length) and return true to drop it. */
    LossyRelay(int serverPort, Predicate<ByteBuffer> dropToServer, Predicate<ByteBuffer> dropToClient) throws IOException {
        this.dropToServer = dropToServer;
        this.dropToClient = dropToClient;
        front = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        back = DatagramChannel.open().connect(new InetSocketAddress("127.0.0.1", serverPort));
        front.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4 << 20);
        back.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4 << 20);
        front.configureBlocking(false);
        back.configureBlocking(false);
        selector = Selector.open();
        front.register(selector, SelectionKey.OP_READ);
        back.register(selector, SelectionKey.OP_READ);
        thread = new Thread(this::relay, "lossy-relay");
        thread.setDaemon(true);
        thread.start();
    }

    int port() throws IOException {
        return ((InetSocketAddress) front.getLocalAddress()).getPort();
    }

    /** The relay's port towards the server: the client the server sees. */
    int serverSidePort() throws IOException {
        return ((InetSocketAddress) back.getLocalAddress()).getPort();
    }

    private void relay() {
        ByteBuffer buf = ByteBuffer.allocate(2048);
        try {
            while (selector.isOpen()) {
                selector.select(100);
                selector.selectedKeys().clear();
                for (;;) {
                    buf.clear();
                    SocketAddress from = front.receive(buf);
                    if (from == null) {
                        break;
                    }
                    client = from;
                    buf.flip();
                    if (dropToServer.test(buf.duplicate())) {
                        droppedToServer.incrementAndGet();
                    } else {
                        back.write(buf);
                    }
                }
                for (;;) {
                    buf.clear();
                    if (back.read(buf) <= 0) {
                        break;
                    }
                    buf.flip();
                    SocketAddress to = client;
                    if (dropToClient.test(buf.duplicate())) {
                        droppedToClient.incrementAndGet();
                    } else if (to != null) {
                        front.send(buf, to);
                    }
                }
            }
        } catch (IOException | java.nio.channels.ClosedSelectorException e) {
            // Closed: the test is over.
        }
    }

    @Override
    public void close() throws IOException {
        selector.close();
        front.close();
        back.close();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
