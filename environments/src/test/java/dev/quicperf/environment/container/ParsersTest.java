package dev.quicperf.environment.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the container environment reads from ldd and /proc, on captured text. */
class ParsersTest {

    @Test
    void lddClosureKeepsResolvedLibrariesAndTheLoaderAndForgivesWhatTheImageCarries() throws IOException {
        String ldd = """
                \tlinux-vdso.so.1 (0x00007ffd6a1f1000)
                \tlibjvm.so => not found
                \tlibz.so.1 => /lib/x86_64-linux-gnu/libz.so.1 (0x00007f0c2f3a0000)
                \tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f0c2f1bf000)
                \t/lib64/ld-linux-x86-64.so.2 (0x00007f0c2f3d5000)
                """;
        assertThat(LibraryClosure.parse(Path.of("libzip.so"), ldd, Set.of("libjvm.so"))).containsExactly(
                "/lib/x86_64-linux-gnu/libc.so.6", "/lib/x86_64-linux-gnu/libz.so.1", "/lib64/ld-linux-x86-64.so.2");
        assertThatThrownBy(() -> LibraryClosure.parse(Path.of("libzip.so"), ldd, Set.of()))
                .hasMessage("libzip.so needs libjvm.so, which this host does not have");
    }

    @Test
    void theInnermostNamespaceIdIsTheOneTheProfilerSees() {
        assertThat(NamespaceThreadIds.parse(List.of("Name:\tjava", "NSpid:\t31245\t17"))).contains(17L);
        assertThat(NamespaceThreadIds.parse(List.of("NSpid:\t31245"))).contains(31245L);
        assertThat(NamespaceThreadIds.parse(List.of("Name:\tjava"))).isEmpty();
    }
}
