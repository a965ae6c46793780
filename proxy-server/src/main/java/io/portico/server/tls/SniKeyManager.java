package io.portico.server.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Picks the server certificate of a handshake as nginx does: by the client's SNI name — an exact
 * name, then a {@code *.suffix} wildcard (one label, as certificates match), then the default —
 * and among the certificates of that name, one whose key type the client's signature algorithms
 * allow (JSSE asks once per key type, in the client's order of preference, so an ECDSA and an RSA
 * certificate side by side serve each client the kind it prefers). Immutable; shared by handshakes.
 */
final class SniKeyManager extends X509ExtendedKeyManager {
    /**
     * The SNI name read ahead of the engine ({@link ClientHellos}) for the handshake the current
     * thread runs: JSSE asks for a resumed session's certificate before it has read the name.
     */
    static final ThreadLocal<String> READ_AHEAD = new ThreadLocal<>();

    private final List<CertifiedKey> keys;
    private final Map<String, List<Integer>> exact = new HashMap<>();
    private final Map<String, List<Integer>> wildcard = new HashMap<>();
    private final List<Integer> defaults = new ArrayList<>();

    SniKeyManager(List<CertifiedKey> keys) {
        this.keys = List.copyOf(keys);
        List<String> defaultNames = null;
        for (int i = 0; i < keys.size(); i++) {
            CertifiedKey k = keys.get(i);
            for (String name : k.serverNames()) {
                Map<String, List<Integer>> index = name.startsWith("*.") ? wildcard : exact;
                index.computeIfAbsent(name.startsWith("*.") ? name.substring(2) : name, n -> new ArrayList<>()).add(i);
            }
            if (k.isDefault()) {
                defaultNames = k.serverNames();
            }
        }
        for (int i = 0; i < keys.size(); i++) {
            // The default, and the certificates of other key types for exactly its names. That
            // includes no names: an RSA and an ECDSA certificate listed without server_names are
            // the default pair, as two ssl_certificate lines in one nginx server block are.
            if (keys.get(i).isDefault() || keys.get(i).serverNames().equals(defaultNames)) {
                defaults.add(i);
            }
        }
    }

    /** The certificates for a requested name (null: none sent), best first. */
    List<Integer> candidates(String sni) {
        if (sni != null) {
            String name = sni.toLowerCase(Locale.ROOT);
            if (name.endsWith(".")) {
                name = name.substring(0, name.length() - 1);
            }
            List<Integer> hit = exact.get(name);
            if (hit != null) {
                return hit;
            }
            int dot = name.indexOf('.');
            hit = dot > 0 ? wildcard.get(name.substring(dot + 1)) : null;
            if (hit != null) {
                return hit;
            }
        }
        return defaults;
    }

    private String choose(String keyType, SSLSession handshake) {
        String sni = null;
        String[] peerAlgorithms = null;
        if (handshake instanceof ExtendedSSLSession e) {
            for (SNIServerName n : e.getRequestedServerNames()) {
                if (n instanceof SNIHostName host) {
                    sni = host.getAsciiName();
                }
            }
            peerAlgorithms = e.getPeerSupportedSignatureAlgorithms();
        }
        if (sni == null) {
            sni = READ_AHEAD.get();
        }
        if (!signable(keyType, peerAlgorithms)) {
            // TLS 1.2 asks per cipher suite in the server's order: say no, so JSSE tries the next
            // suite, rather than take a key the client cannot verify and fail the handshake.
            return null;
        }
        for (int i : candidates(sni)) {
            if (keys.get(i).keyType().equals(keyType)) {
                return Integer.toString(i);
            }
        }
        return null;
    }

    /** Whether the client's signature algorithms (null or empty: not known) include one for this key type. */
    static boolean signable(String keyType, String[] peerAlgorithms) {
        if (peerAlgorithms == null || peerAlgorithms.length == 0) {
            return true;
        }
        String mark = switch (keyType) {
            case "EC" -> "ECDSA";
            case "RSA", "RSASSA-PSS" -> "RSA";
            case "Ed25519", "EdDSA" -> "ED25519";
            default -> keyType.toUpperCase(Locale.ROOT);
        };
        for (String a : peerAlgorithms) {
            if (a.toUpperCase(Locale.ROOT).contains(mark)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return choose(keyType, engine == null ? null : engine.getHandshakeSession());
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return choose(keyType, socket instanceof SSLSocket s ? s.getHandshakeSession() : null);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        CertifiedKey k = key(alias);
        return k == null ? null : k.chain().toArray(new X509Certificate[0]);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        CertifiedKey k = key(alias);
        return k == null ? null : k.key();
    }

    private CertifiedKey key(String alias) {
        try {
            int i = Integer.parseInt(alias);
            return i >= 0 && i < keys.size() ? keys.get(i) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i).keyType().equals(keyType)) {
                out.add(Integer.toString(i));
            }
        }
        return out.isEmpty() ? null : out.toArray(new String[0]);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
