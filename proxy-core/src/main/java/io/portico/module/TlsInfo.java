package io.portico.module;

import java.util.Optional;

/**
 * What the TLS handshake of a connection settled.
 *
 * @param protocol      e.g. {@code TLSv1.3}
 * @param cipherSuite   e.g. {@code TLS_AES_128_GCM_SHA256}
 * @param serverName    the SNI host name the client sent
 * @param alpn          the negotiated application protocol, e.g. {@code h2}
 * @param clientSubject the subject DN of a verified client certificate (mutual TLS)
 */
public record TlsInfo(String protocol, String cipherSuite, Optional<String> serverName,
                      Optional<String> alpn, Optional<String> clientSubject) {
}
