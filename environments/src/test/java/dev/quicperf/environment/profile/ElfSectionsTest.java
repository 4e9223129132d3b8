package dev.quicperf.environment.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ElfSectionsTest {

    @Test
    void readsTheSectionNamesOfARealProgram() {
        // The java launcher running this test: a C program built with unwind tables.
        assertThat(ElfSections.of(Path.of("/proc/self/exe"))).contains(".text", ".eh_frame", ".dynsym");
    }

    @Test
    void anythingElseHasNoSections(@TempDir Path dir) throws Exception {
        Path script = Files.writeString(dir.resolve("run.sh"), "#!/bin/sh\necho hi\n");
        assertThat(ElfSections.of(script)).isEmpty();
        assertThat(ElfSections.of(dir.resolve("missing"))).isEmpty();
        Path truncated = Files.write(dir.resolve("cut"), new byte[] {0x7F, 'E', 'L', 'F', 2, 1});
        assertThat(ElfSections.of(truncated)).isEmpty();
    }
}
