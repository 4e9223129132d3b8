package dev.quicperf.suite.breakdown;

import static dev.quicperf.adapter.CpuCategory.ACK;
import static dev.quicperf.adapter.CpuCategory.RECVMSG;
import static dev.quicperf.adapter.CpuCategory.REMAINING;
import static dev.quicperf.adapter.CpuCategory.RUNTIME;
import static dev.quicperf.adapter.CpuCategory.SENDMSG;
import static dev.quicperf.adapter.CpuCategory.SOFTIRQ;
import static dev.quicperf.adapter.CpuCategory.TLS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quicperf.adapter.CpuCategory;
import dev.quicperf.adapter.Implementation;
import dev.quicperf.environment.profile.CollapsedStacks;
import dev.quicperf.environment.profile.StackClassifier;
import dev.quicperf.kwik.KwikImplementation;
import dev.quicperf.nettyquic.NettyQuicImplementation;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Stacks recorded by async-profiler (event=cpu, threads) from this suite's own servers during
 * 20 MB downloads, one per line, each with the category it must land in under the common
 * rules plus the implementation's.
 */
class CpuClassificationTest {

    @Test
    void kwikStacksLandWhereTheyBelong() throws Exception {
        assertClassified(new KwikImplementation(), "kwik-goodput.collapsed", List.of(
                SENDMSG,    // DatagramSocket.send down to udpv6_sendmsg
                RECVMSG,    // the receiver thread in recvfrom
                SOFTIRQ,    // the client's delivery run inside the server's send (net_rx_action)
                TLS,        // packet protection: GHASH inside QuicPacket.protectPacketNumberAndPayload
                TLS,        // the handshake's RSA signature (montgomery_multiply) under agent15
                ACK,        // kwik's recovery bookkeeping for a packet sent
                RUNTIME,    // the C2 compiler
                REMAINING));  // packet assembly
    }

    @Test
    void nettyQuicStacksLandWhereTheyBelong() throws Exception {
        assertClassified(new NettyQuicImplementation(), "netty-quic-goodput.collapsed", List.of(
                // BoringSSL's AES-GCM open reached through EpollDatagramChannel.recvmsg, which also
                // hands each datagram up the pipeline: TLS, not recvmsg.
                TLS,
                RECVMSG,    // LinuxSocket.recvmsg down into the kernel
                SENDMSG,    // the GSO send, copying from user space in the kernel
                SOFTIRQ,    // delivery to the client inside the server's send
                ACK,        // quiche's recovery on a packet sent
                RUNTIME,    // the C2 compiler
                REMAINING,  // quiche building a packet
                REMAINING)); // quiche processing what it received (malloc)
    }

    @Test
    void aTallyCountsEverySampleOnce() throws Exception {
        CollapsedStacks stacks = CollapsedStacks.read(resource("netty-quic-goodput.collapsed"));
        Map<CpuCategory, Long> tally = StackClassifier.withCommonRules(new NettyQuicImplementation().cpuRules())
                .tally(stacks);
        assertThat(tally.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(stacks.totalSamples());
        assertThat(tally.get(REMAINING)).isEqualTo(45 + 38);
    }

    private static void assertClassified(Implementation impl, String file, List<CpuCategory> expected)
            throws Exception {
        StackClassifier classifier = StackClassifier.withCommonRules(impl.cpuRules());
        List<String> stacks = List.copyOf(CollapsedStacks.read(resource(file)).bySamples().keySet());
        assertThat(stacks).hasSameSizeAs(expected);
        for (int i = 0; i < stacks.size(); i++) {
            assertThat(classifier.classify(stacks.get(i))).as("line %d of %s: %s", i + 1, file, leaf(stacks.get(i)))
                    .isEqualTo(expected.get(i));
        }
    }

    private static String leaf(String stack) {
        return stack.substring(stack.lastIndexOf(';') + 1);
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(CpuClassificationTest.class.getResource(name).toURI());
    }
}
