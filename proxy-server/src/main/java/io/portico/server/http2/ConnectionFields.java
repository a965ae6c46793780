package io.portico.server.http2;

/** The HTTP/1.1 fields that HTTP/2 forbids (RFC 9113 §8.2.2): a relayed response drops them. Stateless. */
final class ConnectionFields {
    private ConnectionFields() {
    }

    static boolean isConnectionSpecific(String name) {
        return switch (name.length()) {
            case 7 -> name.equalsIgnoreCase("upgrade");
            case 10 -> name.equalsIgnoreCase("connection") || name.equalsIgnoreCase("keep-alive");
            case 16 -> name.equalsIgnoreCase("proxy-connection");
            case 17 -> name.equalsIgnoreCase("transfer-encoding");
            default -> false;
        };
    }
}
