package dev.quicperf.environment.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class PerfScriptStacksTest {

    // Two samples of openssl's AES-GCM loop and one in the kernel, as perf script printed them here.
    private static final String RECORDED = """
            openssl 22226\s
            \t          2466de CRYPTO_gcm128_encrypt_ctr32+0x9e (/usr/lib/x86_64-linux-gnu/libcrypto.so.3)
            \t          20814e EVP_EncryptUpdate (/usr/lib/x86_64-linux-gnu/libcrypto.so.3)
            \t           8540d [unknown] (/usr/bin/openssl)
            \t           27249 __libc_start_call_main (/usr/lib/x86_64-linux-gnu/libc.so.6)

            openssl 22226\s
            \t          2466de CRYPTO_gcm128_encrypt_ctr32+0x9e (/usr/lib/x86_64-linux-gnu/libcrypto.so.3)
            \t          20814e EVP_EncryptUpdate (/usr/lib/x86_64-linux-gnu/libcrypto.so.3)
            \t           8540d [unknown] (/usr/bin/openssl)
            \t           27249 __libc_start_call_main (/usr/lib/x86_64-linux-gnu/libc.so.6)

            ngtcp2 worker 801\s
            \tffffffff81a0c5e1 udp_sendmsg+0x31 ([kernel.kallsyms])
            \tffffffff81981e2c __sys_sendmsg ([kernel.kallsyms])
            \t          11c8e4 __libc_sendmsg (/usr/lib/x86_64-linux-gnu/libc.so.6)

            """;

    @Test
    void samplesBecomeCollapsedStacksRootedInTheirThread() throws IOException {
        CollapsedStacks stacks = PerfScriptStacks.parse(new BufferedReader(new StringReader(RECORDED)), "recorded");
        assertThat(stacks.bySamples()).containsExactly(
                org.assertj.core.api.Assertions.entry("[openssl tid=22226];__libc_start_call_main;[openssl];"
                        + "EVP_EncryptUpdate;CRYPTO_gcm128_encrypt_ctr32", 2L),
                org.assertj.core.api.Assertions.entry("[ngtcp2 worker tid=801];__libc_sendmsg;__sys_sendmsg_[k];"
                        + "udp_sendmsg_[k]", 1L));
    }

    @Test
    void aFrameLineOutsideASampleIsRejectedWithItsLineNumber() {
        assertThatThrownBy(() -> PerfScriptStacks.parse(new BufferedReader(new StringReader(
                "\t 2466de foo (/lib/x.so)\n")), "recorded")).hasMessageContaining("recorded:1");
    }
}
