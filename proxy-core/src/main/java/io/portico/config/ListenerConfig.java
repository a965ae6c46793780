package io.portico.config;

import java.nio.file.Path;
import java.util.Optional;
import java.util.List;

/**
 * One {@code [[listener]]}.
 *
 * @param name          default: the address as written
 * @param host          IP literal (IPv6 without brackets) or host name; {@code 0.0.0.0} / {@code ::} = all
 * @param port          0..65535; 0 binds an ephemeral port (handy in tests)
 * @param protocol      {@code http} (also h2c prior knowledge) or {@code https}
 * @param acceptors     threads taking the listener's connections (virtual), 1..64; default 1
 * @param alpn          https only: protocols offered, from {@code h2}, {@code http/1.1}; default both; empty for http
 * @param tlsMinVersion {@code 1.2} (default) or {@code 1.3}
 * @param clientAuth    https only: {@code none} (default), {@code optional} or {@code required} client certificates
 * @param clientCa      the PEM bundle client certificates must chain to; present exactly when clientAuth is not none
 */
public record ListenerConfig(String name, String host, int port, String protocol, int acceptors,
                             boolean proxyProtocol, List<String> alpn, String tlsMinVersion, String clientAuth,
                             Optional<Path> clientCa) {
    public ListenerConfig {
        alpn = List.copyOf(alpn);
    }

    /** A listener without TLS details: plaintext, or https with the defaults. */
    public ListenerConfig(String name, String host, int port, String protocol, int acceptors, boolean proxyProtocol,
                          List<String> alpn, String tlsMinVersion) {
        this(name, host, port, protocol, acceptors, proxyProtocol, alpn, tlsMinVersion, "none", Optional.empty());
    }

    public boolean https() {
        return protocol.equals("https");
    }
}
