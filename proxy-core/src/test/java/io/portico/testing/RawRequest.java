package io.portico.testing;

/** HTTP/1.1 requests as raw text, for what a client library will not send or would hide. */
public final class RawRequest {
    private RawRequest() {
    }

    /**
     * {@code METHOD target HTTP/1.1}, the Host field, {@code headerLines} as given (each a whole
     * {@code Name: value} line without its CRLF), then {@code Connection: close} and the empty line.
     */
    public static String closing(String method, String target, String host, String... headerLines) {
        StringBuilder raw = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: ")
                .append(host).append("\r\n");
        for (String h : headerLines) {
            raw.append(h).append("\r\n");
        }
        return raw.append("Connection: close\r\n\r\n").toString();
    }
}
