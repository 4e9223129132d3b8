package dev.quicperf.environment.container;

import dev.quicperf.adapter.Readiness;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;

/** A stand-in server for the container tests: echoes datagrams on loopback, or fails at start when asked to. */
public final class UdpEchoMain {

    private UdpEchoMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("fail")) {
            System.err.println("cannot bind: simulated start-up failure");
            System.exit(3);
        }
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            System.out.println(Readiness.readyLine(socket.getLocalPort()));
            byte[] buf = new byte[1500];
            while (true) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                // Burn some CPU per datagram so the test can see the container's CPU move.
                // 200 ms of this thread's CPU, not of the wall clock: on a shared core a wall-clock
                // spin gets less CPU than it lasts, and the test's lower bound would flake.
                java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
                long until = cpu.getCurrentThreadCpuTime() + 200_000_000L;
                while (cpu.getCurrentThreadCpuTime() < until) {
                    Thread.onSpinWait();
                }
                socket.send(new DatagramPacket(p.getData(), p.getLength(), p.getSocketAddress()));
            }
        }
    }
}
