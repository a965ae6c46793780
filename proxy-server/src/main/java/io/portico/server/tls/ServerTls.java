package io.portico.server.tls;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS side of one https listener, built once per config load: JSSE only, TLS 1.2 and 1.3
 * (or 1.3 alone), AEAD suites only with the server's order, X25519 first, no renegotiation, the
 * certificate chosen per handshake by {@link SniKeyManager}, ALPN from the listener's list, client
 * certificates asked for or required and checked against the listener's own CAs.
 * Sessions resume (see {@link #SESSION_TIMEOUT_SECONDS}): by TLS 1.3 tickets (PSK with a fresh
 * ECDHE: no certificate signature, still forward secret) and TLS 1.2 tickets (RFC 5077), both
 * stateless, or for TLS 1.2 clients without tickets by the session cache. Immutable;
 * {@link #newEngine} is called per connection.
 */
public final class ServerTls {
    /** AEAD suites, best first: TLS 1.3's, then ECDHE with GCM or ChaCha20-Poly1305 for 1.2. */
    static final List<String> SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    static final List<String> GROUPS = List.of("x25519", "secp256r1", "x448", "secp384r1");
    /**
     * TLS 1.2 sessions kept for clients without ticket support (the JDK's default is 20480): at a
     * few hundred bytes each, a few MiB at most; a soft cache, so the heap wins over it.
     */
    static final int SESSION_CACHE_SIZE = 20_000;
    /**
     * How long a session resumes, from its full handshake: the ticket lifetime and the cache
     * timeout (the JDK's default is 24 h). One hour keeps a browser's visit resuming while
     * bounding what one stolen ticket key can decrypt.
     */
    static final int SESSION_TIMEOUT_SECONDS = 3600;
    /**
     * How long one ticket key encrypts new tickets before the JDK makes a new one (its default,
     * set explicitly): the old key still decrypts tickets for {@link #SESSION_TIMEOUT_SECONDS}
     * more, then is destroyed — so a key lives two hours at most. Keys are per SSLContext: a
     * reload that changes the TLS settings starts with new keys, and its sessions begin afresh.
     */
    static final int TICKET_KEY_ROTATION_SECONDS = 3600;

    static {
        // TLS 1.2 renegotiation started by a client is a CPU lever against the server and buys nothing here.
        System.setProperty("jdk.tls.rejectClientInitiatedRenegotiation", "true");
        // Stateless tickets for TLS 1.2 too (the JDK's default, said explicitly): no server state per session.
        System.setProperty("jdk.tls.server.enableSessionTicketExtension", "true");
        // Read once per JVM, when JSSE's ticket code loads: this must run before the first TLS handshake.
        System.setProperty("jdk.tls.server.statelessKeyTimeout", Integer.toString(TICKET_KEY_ROTATION_SECONDS));
    }

    private final SSLContext context;
    private final SSLParameters parameters;
    private final List<CertifiedKey> keys;
    /** What the context was made of, to tell whether a reload changes it. */
    private final List<Object> inputs;

    private ServerTls(SSLContext context, SSLParameters parameters, List<CertifiedKey> keys, List<Object> inputs) {
        this.context = context;
        this.parameters = parameters;
        this.keys = List.copyOf(keys);
        this.inputs = inputs;
    }

    /**
     * Whether a context made of these inputs would be this one: the same certificates and keys
     * (their bytes), OCSP files and responses, versions, ALPN and client authentication. A reload
     * that changes none of it keeps the context, and with it the session cache and ticket keys,
     * so clients go on resuming.
     */
    public boolean madeOf(List<CertifiedKey> keys, String minVersion, List<String> alpn, String clientAuth,
                          List<X509Certificate> clientCas) {
        return inputs.equals(inputs(keys, minVersion, alpn, clientAuth, clientCas));
    }

    private static List<Object> inputs(List<CertifiedKey> keys, String minVersion, List<String> alpn, String clientAuth,
                                       List<X509Certificate> clientCas) {
        List<Object> out = new ArrayList<>();
        for (CertifiedKey k : keys) {
            out.add(k.chain());
            out.add(HexFormat.of().formatHex(k.key().getEncoded()));
            out.add(k.serverNames());
            out.add(k.isDefault());
            out.add(k.ocspFile());
            out.add(k.ocspResponse().map(r -> HexFormat.of().formatHex(r)));
        }
        out.add(minVersion);
        out.add(alpn);
        out.add(clientAuth);
        out.add(clientCas);
        return List.copyOf(out);
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
            context.init(new KeyManager[] {new SniKeyManager(keys)}, trust(clientAuth, clientCas), null);
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
        return new ServerTls(context, p, keys, inputs(keys, minVersion, alpn, clientAuth, clientCas));
    }

    /**
     * Trust managers for client certificates: only these CAs; the JDK's when none are named (null).
     * Without client auth they are never asked, and none are trusted: given null, JSSE would read the
     * JDK's trust store, about 150 certificates and a sixth of a start's CPU.
     */
    private static TrustManager[] trust(String clientAuth, List<X509Certificate> cas) throws GeneralSecurityException {
        if (cas.isEmpty() && !clientAuth.equals("none")) {
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

    static String[] available(List<String> wanted, String[] supported) {
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

    /**
     * Runs {@code handshake} (on the calling thread) with {@code serverName}, read ahead of the
     * engine, as the name its certificate is chosen by until the engine has read it itself.
     */
    public static <T> T withServerName(String serverName, HandshakeStep<T> handshake) throws java.io.IOException {
        SniKeyManager.READ_AHEAD.set(serverName);
        try {
            return handshake.run();
        } finally {
            SniKeyManager.READ_AHEAD.remove();
        }
    }

    /** A handshake that may fail with an I/O error. */
    @FunctionalInterface
    public interface HandshakeStep<T> {
        T run() throws java.io.IOException;
    }

    /** A server-side engine for one connection. */
    public SSLEngine newEngine() {
        SSLEngine e = context.createSSLEngine();
        e.setUseClientMode(false);
        e.setSSLParameters(parameters);
        return e;
    }

    /**
     * Whether a handshake that began at {@code startMillis} (wall clock, taken before it) resumed
     * its session rather than authenticating with a certificate. A resumed session — from the
     * cache, a TLS 1.2 ticket or a TLS 1.3 PSK — keeps the creation time of the full handshake
     * that made it; a full handshake makes its session during the handshake. (Not the key
     * manager being asked: JSSE asks it again when it restores a ticket, to check the chain.)
     * A resumption within the same millisecond as its full handshake would count as full.
     */
    public static boolean resumed(SSLSession session, long startMillis) {
        return session.getCreationTime() < startMillis;
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
