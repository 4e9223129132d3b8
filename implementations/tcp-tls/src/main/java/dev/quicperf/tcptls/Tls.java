package dev.quicperf.tcptls;

import dev.quicperf.adapter.PemFiles;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS both ends speak: TLS 1.3 with TLS_AES_128_GCM_SHA256 only, the study's AES-128-GCM,
 * from the JDK's own provider (SunJSSE and SunJCE, with the AES-NI/CLMUL intrinsics HotSpot has
 * for them). Nothing else is offered, so a handshake either lands there or fails.
 */
final class Tls {

    static final String PROTOCOL = "TLSv1.3";
    static final String CIPHER_SUITE = "TLS_AES_128_GCM_SHA256";

    private static final String KEY_ALIAS = "server";
    // The key store lives in memory for the life of the server; the password protects nothing.
    private static final char[] KEY_PASSWORD = "quicperf".toCharArray();

    private Tls() {
    }

    /** The stack's version as reports show it; the JDK is the TLS implementation. */
    static String version() {
        return "TLS 1.3 AES-128-GCM, JDK " + System.getProperty("java.version");
    }

    /** A server context presenting the certificate and key of the PEM files. */
    static SSLContext serverContext(Path certificateFile, Path keyFile) throws IOException, GeneralSecurityException {
        X509Certificate certificate = PemFiles.certificate(certificateFile);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry(KEY_ALIAS, PemFiles.privateKey(keyFile), KEY_PASSWORD, new Certificate[] {certificate});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, KEY_PASSWORD);
        SSLContext context = SSLContext.getInstance(PROTOCOL);
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    /**
     * A client context that accepts any server certificate: the harness makes a self-signed one
     * per run and gives the client nothing to check it against (the QUIC clients skip the check
     * too). Each connection gets a context of its own, so no session is resumed: every timed
     * handshake is a full one, as the QUIC clients' are.
     */
    static SSLContext clientContext() throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance(PROTOCOL);
        context.init(null, new TrustManager[] {new AnyServerCertificate()}, null);
        return context;
    }

    /** TLS 1.3 and AES-128-GCM only. */
    static SSLParameters parameters(SSLContext context) {
        SSLParameters p = context.getDefaultSSLParameters();
        p.setProtocols(new String[] {PROTOCOL});
        p.setCipherSuites(new String[] {CIPHER_SUITE});
        return p;
    }

    /** Trusts whatever the server presents; never used by the server. */
    private static final class AnyServerCertificate extends X509ExtendedTrustManager {

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // Accepted: see clientContext.
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            // Accepted: see clientContext.
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            // Accepted: see clientContext.
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("the perf client never checks client certificates");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws java.security.cert.CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws java.security.cert.CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
