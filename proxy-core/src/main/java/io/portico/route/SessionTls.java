package io.portico.route;

/**
 * What BFE's {@code ses_tls_*} and {@code req_proto_match} conditions read of a TLS connection.
 *
 * @param serverName the SNI name the client sent, lower case; "" when none
 * @param clientCa   the CA a verified client certificate chains to (the common name of the issuer
 *                   of the last certificate the client sent); null when no client certificate
 * @param alpn       the protocol ALPN settled on, e.g. {@code h2}; "" when none
 */
public record SessionTls(String serverName, String clientCa, String alpn) {
}
