package dev.quicperf.adapter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the PEM files {@link SelfSignedCertificate} writes, with the JDK alone. */
public final class PemFiles {

    // One PEM block: its label (e.g. CERTIFICATE, PRIVATE KEY) and its base64 body.
    private static final Pattern PEM_BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----",
            Pattern.DOTALL);

    private PemFiles() {
    }

    public static X509Certificate certificate(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (GeneralSecurityException e) {
            throw new IOException(file + " is not a PEM X.509 certificate", e);
        }
    }

    /** An unencrypted PKCS#8 RSA or EC key. */
    public static PrivateKey privateKey(Path file) throws IOException {
        Matcher pem = PEM_BLOCK.matcher(Files.readString(file));
        boolean found = pem.find();
        if (!found || !pem.group(1).equals("PRIVATE KEY")) {
            throw new IOException(file + " is not an unencrypted PKCS#8 PEM key (found "
                    + (found ? "a '" + pem.group(1) + "' block" : "no PEM block") + ")");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.group(2));
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException tryNext) {
                // The PEM does not say which algorithm; try the next one.
            }
        }
        throw new IOException(file + " holds neither an RSA nor an EC key");
    }
}
