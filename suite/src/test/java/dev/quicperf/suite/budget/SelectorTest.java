package dev.quicperf.suite.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SelectorTest {

    private static Map<String, String> cell(String io, boolean defaultIo) {
        return Map.of("scenario", "goodput", "implementation", "netty-quic", "io", io, "environment", "linux",
                "size", "20MB", Selector.DEFAULT_IO, Boolean.toString(defaultIo));
    }

    @Test
    void aBudgetWithoutAnIoModeHoldsForTheDefaultModeOnly() {
        Selector noIo = new Selector(Map.of("implementation", "netty-quic", "size", "20MB"));
        assertThat(noIo.matches(cell("epoll+gso", true))).isTrue();
        assertThat(noIo.matches(cell("nio", false))).isFalse();
        // Load cells have no I/O-mode axis: they run the default.
        assertThat(noIo.matches(Map.of("implementation", "netty-quic", "size", "20MB"))).isTrue();
    }

    @Test
    void aBudgetNamingAnIoModeHoldsForThatModeOnly() {
        Selector nio = new Selector(Map.of("implementation", "netty-quic", "io", "nio"));
        assertThat(nio.matches(cell("nio", false))).isTrue();
        assertThat(nio.matches(cell("epoll+gso", true))).isFalse();
    }
}
