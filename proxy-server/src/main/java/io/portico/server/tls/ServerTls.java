package io.portico.server.tls;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS side of one https listener, built once per config load: JSSE only, TLS 1.2 and 1.3
 * (or 1.3 alone), AEAD suites only with the server's order, X25519 first, no renegotiation, the
 * certificate chosen per handshake by {@link SniKeyManager}, ALPN from the listener's list, client
 * certificates asked for or required and checked against the listener's own CAs.
 * Sessions resume by the JDK's TLS 1.3 and 1.2 stateless tickets (their key rotates by itself)
 * and its session cache. Immutable; {@link #newEngine} is called per connection.
 */
public final class ServerTls {
    /** AEAD suites, best first: TLS 1.3's, then ECDHE with GCM or ChaCha20-Poly1305 for 1.2. */
    static final List<String> SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    static final List<String> GROUPS = List.of("x25519", "secp256r1", "x448", "secp384r1");
    private static final int SESSION_CACHE_SIZE = 20_000;
    private static final int SESSION_TIMEOUT_SECONDS = 3600;

    static {
        // TLS 1.2 renegotiation started by a client is a CPU lever against the server and buys nothing here.
        System.setProperty("jdk.tls.rejectClientInitiatedRenegotiation", "true");
    }

    private final SSLContext context;
    private final SSLParameters parameters;
    private final List<CertifiedKey> keys;

    private ServerTls(SSLContext context, SSLParameters parameters, List<CertifiedKey> keys) {
        this.context = context;
        this.parameters = parameters;
        this.keys = List.copyOf(keys);
    }

    /**
     * @param minVersion {@code "1.2"} or {@code "1.3"}
     * @param alpn       protocols to offer, best first ({@code http/1.1}; {@code h2} once HTTP/2 is served)
     */
    public static ServerTls of(List<CertifiedKey> keys, String minVersion, List<String> alpn) {
        return of(keys, minVersion, alpn, "none", List.of());
    }

    /**
     * @param clientAuth {@code none}, {@code optional} (asked for, checked when sent) or {@code required}
     * @param clientCas  the CA certificates a client certificate must chain to
     */
    public static ServerTls of(List<CertifiedKey> keys, String minVersion, List<String> alpn, String clientAuth,
                               List<X509Certificate> clientCas) {
        // JSSE reads its stapling properties per context: the loopback responder must be set up first
        OcspResponder.shared();
        SSLContext context;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {new SniKeyManager(keys)}, trust(clientCas), null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot make a TLS context: " + e.getMessage(), e);
        }
        context.getServerSessionContext().setSessionCacheSize(SESSION_CACHE_SIZE);
        context.getServerSessionContext().setSessionTimeout(SESSION_TIMEOUT_SECONDS);
        SSLParameters supported = context.getSupportedSSLParameters();
        SSLParameters p = new SSLParameters();
        p.setProtocols(minVersion.equals("1.3") ? new String[] {"TLSv1.3"} : new String[] {"TLSv1.3", "TLSv1.2"});
        p.setCipherSuites(available(SUITES, supported.getCipherSuites()));
        p.setUseCipherSuitesOrder(true);
        p.setNamedGroups(available(GROUPS, supported.getNamedGroups()));
        p.setApplicationProtocols(alpn.toArray(new String[0]));
        if (clientAuth.equals("required")) {
            p.setNeedClientAuth(true);
        } else if (clientAuth.equals("optional")) {
            p.setWantClientAuth(true);
        }
        return new ServerTls(context, p, keys);
    }

    /** Trust managers for client certificates: only these CAs (null: the JDK's, never asked without client auth). */
    private static TrustManager[] trust(List<X509Certificate> cas) throws GeneralSecurityException {
        if (cas.isEmpty()) {
            return null;
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e);
        }
        for (int i = 0; i < cas.size(); i++) {
            store.setCertificateEntry("ca" + i, cas.get(i));
        }
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(store);
        return f.getTrustManagers();
    }

    private static String[] available(List<String> wanted, String[] supported) {
        List<String> out = new ArrayList<>();
        for (String w : wanted) {
            for (String s : supported) {
                if (s.equalsIgnoreCase(w)) {
                    out.add(s);
                    break;
                }
            }
        }
        return out.toArray(new String[0]);
    }

    /** A server-side engine for one connection. */
    public SSLEngine newEngine() {
        SSLEngine e = context.createSSLEngine();
        e.setUseClientMode(false);
        e.setSSLParameters(parameters);
        return e;
    }

    /** The certificates this context serves. */
    public List<CertifiedKey> keys() {
        return keys;
    }

    SSLContext context() {
        return context;
    }

    SSLParameters parameters() {
        return parameters;
    }
}
