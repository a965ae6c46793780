package io.portico.http1;

/**
 * Bounds on what the HTTP/1.1 codec reads from a peer.
 *
 * @param maxHeaderBytes bytes of the request or status line plus all header field lines,
 *                       line ends included (also the bound of a trailer section)
 * @param maxUriBytes    bytes of the request-target; more is answered with 414
 * @param maxHeaders     number of header fields (or trailer fields)
 */
public record Http1Limits(int maxHeaderBytes, int maxUriBytes, int maxHeaders) {
    public static final Http1Limits DEFAULTS = new Http1Limits(64 * 1024, 8 * 1024, 100);

    public Http1Limits {
        if (maxHeaderBytes < 16 || maxUriBytes < 1 || maxHeaders < 1) {
            throw new IllegalArgumentException("limits too small: " + maxHeaderBytes + ", " + maxUriBytes + ", " + maxHeaders);
        }
    }
}
