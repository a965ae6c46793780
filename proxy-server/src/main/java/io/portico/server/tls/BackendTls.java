package io.portico.server.tls;

import io.portico.config.BackendTlsConfig;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS to the instances of one {@code protocol = "https"} cluster, built once per config load:
 * the server certificate verified against the cluster's CA bundle (or the JDK's trust store) and
 * the expected name (server_name, else the instance host), SNI sent for a name (never for an IP
 * literal), an optional client certificate, TLS 1.2/1.3 with AEAD suites, ALPN http/1.1. One
 * context per cluster holds the client session cache, so new connections to an instance resume
 * the session of an earlier one. Immutable.
 */
public final class BackendTls {
    private static final String VERIFIED = "portico.full-handshake";

    private final SSLContext context;
    private final Optional<String> serverName;
    private final boolean verify;

    private BackendTls(SSLContext context, Optional<String> serverName, boolean verify) {
        this.context = context;
        this.serverName = serverName;
        this.verify = verify;
    }

    /**
     * @throws IllegalArgumentException naming the file (ca, cert, key) that cannot be used and why
     */
    public static BackendTls of(BackendTlsConfig c) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys(c), c.insecureSkipVerify() ? new TrustManager[] {new TrustingAll()} : trust(c.ca()), null);
            return new BackendTls(context, c.serverName(), !c.insecureSkipVerify());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot make a TLS context: " + e.getMessage());
        }
    }

    /** Whether backend certificates are checked ({@code insecure_skip_verify} turns it off). */
    public boolean verifies() {
        return verify;
    }

    /**
     * A client engine for one new connection to {@code host:port}. The engine's peer is the name
     * to verify (server_name, else the instance host): JSSE checks the certificate against it (and
     * keys its session cache by it and the port, so a reconnect resumes).
     */
    public SSLEngine newEngine(String host, int port) {
        String name = serverName.orElse(host);
        SSLEngine e = context.createSSLEngine(name, port);
        e.setUseClientMode(true);
        SSLParameters p = new SSLParameters();
        p.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        SSLParameters supported = context.getSupportedSSLParameters();
        p.setCipherSuites(ServerTls.available(ServerTls.SUITES, supported.getCipherSuites()));
        p.setNamedGroups(ServerTls.available(ServerTls.GROUPS, supported.getNamedGroups()));
        p.setApplicationProtocols(new String[] {"http/1.1"});
        if (!isIpLiteral(name)) {
            p.setServerNames(List.of(new SNIHostName(name)));
        }
        if (verify) {
            // HTTPS-style name checks: against the SNI name when one is sent, else the address
            p.setEndpointIdentificationAlgorithm("HTTPS");
        }
        e.setSSLParameters(p);
        return e;
    }

    /**
     * Whether the handshake just done resumed an earlier session (true) or was a full one (false,
     * and the session is marked so that its resumptions are told apart from it).
     */
    public static boolean resumed(javax.net.ssl.SSLSession session) {
        if (session.getValue(VERIFIED) != null) {
            return true;
        }
        session.putValue(VERIFIED, Boolean.TRUE);
        return false;
    }

    static boolean isIpLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return true;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (!(c >= '0' && c <= '9' || c == '.')) {
                return false;
            }
        }
        return !host.isEmpty();
    }

    private static TrustManager[] trust(Optional<Path> ca) throws GeneralSecurityException {
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (ca.isEmpty()) {
            f.init((KeyStore) null); // the JDK's trust store
            return f.getTrustManagers();
        }
        KeyStore store = emptyStore();
        List<X509Certificate> cas = Pem.certificates(read(ca.get()), ca.get());
        for (int i = 0; i < cas.size(); i++) {
            store.setCertificateEntry("ca" + i, cas.get(i));
        }
        f.init(store);
        return f.getTrustManagers();
    }

    private static KeyManager[] keys(BackendTlsConfig c) throws GeneralSecurityException {
        if (c.cert().isEmpty() || c.key().isEmpty()) {
            return null;
        }
        CertifiedKey k = CertifiedKey.load(new io.portico.config.CertificateConfig(c.cert().get(), c.key().get(),
                List.of(), true, Optional.empty()));
        KeyStore store = emptyStore();
        store.setKeyEntry("client", k.key(), new char[0], k.chain().toArray(new Certificate[0]));
        KeyManagerFactory f = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        f.init(store, new char[0]);
        return f.getKeyManagers();
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        return store;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage());
        }
    }

    /** {@code insecure_skip_verify}: every server certificate is taken as it is. Asked for, and logged at load. */
    private static final class TrustingAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
