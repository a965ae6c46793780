package io.portico.http;

/** A status line and its header fields, protocol-neutral. The fields are mutable. */
public record ResponseHead(HttpVersion version, int status, String reason, HttpFields fields) {

    public boolean informational() {
        return status >= 100 && status < 200;
    }

    public ResponseHead withStatus(int newStatus, String newReason) {
        return new ResponseHead(version, newStatus, newReason, fields);
    }

    public ResponseHead withVersion(HttpVersion newVersion) {
        return new ResponseHead(newVersion, status, reason, fields);
    }
}
