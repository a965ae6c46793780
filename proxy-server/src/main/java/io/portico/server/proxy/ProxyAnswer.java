package io.portico.server.proxy;

import io.portico.http.HttpFields;
import io.portico.http.Status;
import java.nio.charset.StandardCharsets;

/**
 * A response the proxy makes itself (404, 502, 503, ...): status, a few fields and a short
 * plain-text body naming the status.
 */
public record ProxyAnswer(int status, HttpFields fields, byte[] body) {

    public static ProxyAnswer of(int status) {
        byte[] body = (status + " " + Status.reason(status) + "\n").getBytes(StandardCharsets.US_ASCII);
        HttpFields f = new HttpFields(4);
        f.add("Content-Type", "text/plain; charset=utf-8");
        f.add("Cache-Control", "no-store");
        if (status == 405) {
            // The proxy itself refuses only CONNECT (RFC 9110 §15.5.6: a 405 says what is allowed).
            f.add("Allow", "GET, HEAD, POST, PUT, DELETE, OPTIONS, PATCH, TRACE");
        }
        return new ProxyAnswer(status, f, body);
    }

    /** 503 for a request sent to the BLACKHOLE sub-cluster: the client may come back later. */
    public static ProxyAnswer blackhole() {
        ProxyAnswer a = of(503);
        a.fields().add("Retry-After", "1");
        return a;
    }
}
