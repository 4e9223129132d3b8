package dev.quicperf.environment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class UdpCountersTest {

    @Test
    void readsTheUdpLinesByColumnName() {
        List<String> snmp = List.of(
                "Ip: Forwarding DefaultTTL InReceives",
                "Ip: 2 64 100",
                "Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors",
                "Udp: 16551 3 0 498 0 0",
                "UdpLite: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors",
                "UdpLite: 0 0 0 0 0 0");
        UdpCounters c = UdpCounters.parse(snmp);
        assertThat(c).isEqualTo(new UdpCounters(16551, 498));
        assertThat(new UdpCounters(16600, 500).since(c)).isEqualTo(new UdpCounters(49, 2));
    }
}
