package dev.quicperf.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemFilesTest {

    @TempDir
    Path dir;

    @Test
    void readsWhatSelfSignedCertificateWrites() throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.create(dir);
        assertThat(PemFiles.privateKey(cert.privateKey()).getAlgorithm()).isEqualTo("RSA");
        assertThat(PemFiles.certificate(cert.certificate()).getSubjectX500Principal().getName()).contains("CN=localhost");
    }

    @Test
    void aCertificateWhereAKeyBelongsIsNamed() throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.create(dir);
        assertThatThrownBy(() -> PemFiles.privateKey(cert.certificate()))
                .hasMessageContaining("is not an unencrypted PKCS#8 PEM key (found a 'CERTIFICATE' block)");
        java.nio.file.Files.writeString(dir.resolve("empty.pem"), "nothing here");
        assertThatThrownBy(() -> PemFiles.privateKey(dir.resolve("empty.pem"))).hasMessageContaining("found no PEM block");
    }
}
