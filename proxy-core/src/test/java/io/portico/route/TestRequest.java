package io.portico.route;

import io.portico.http.HttpFields;
import io.portico.http.HttpVersion;
import io.portico.http.RequestHead;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** Builds RouteRequests for tests: GET / with Host example.com over plain TCP unless told otherwise. */
final class TestRequest {
    private String method = "GET";
    private String target = "/";
    private final HttpFields fields = new HttpFields();
    private InetSocketAddress source = address("192.0.2.10", 40000);
    private InetSocketAddress client = source;
    private InetSocketAddress local = address("198.51.100.1", 80);
    private boolean secure;
    private long startMillis;
    private boolean hostSet;
    private SessionTls tls;
    private HttpVersion version = HttpVersion.HTTP_1_1;

    static TestRequest get(String target) {
        TestRequest t = new TestRequest();
        t.target = target;
        return t;
    }

    TestRequest version(HttpVersion v) {
        version = v;
        return this;
    }

    TestRequest method(String m) {
        method = m;
        return this;
    }

    TestRequest header(String name, String value) {
        fields.add(name, value);
        if (name.equalsIgnoreCase("Host")) {
            hostSet = true;
        }
        return this;
    }

    TestRequest host(String host) {
        return header("Host", host);
    }

    TestRequest noHost() {
        hostSet = true;
        return this;
    }

    TestRequest client(String ip) {
        client = address(ip, 40000);
        return this;
    }

    TestRequest source(String ip) {
        source = address(ip, 40000);
        return this;
    }

    TestRequest local(String ip) {
        local = address(ip, 443);
        return this;
    }

    TestRequest secure() {
        secure = true;
        return this;
    }

    /** Over TLS with these details. */
    TestRequest tls(String sni, String clientCa, String alpn) {
        secure = true;
        tls = new SessionTls(sni, clientCa, alpn);
        return this;
    }

    TestRequest at(long millis) {
        startMillis = millis;
        return this;
    }

    RouteRequest build() {
        if (!hostSet) {
            fields.add("Host", "example.com");
        }
        return new RouteRequest(new RequestHead(method, target, version, fields), source, client, local,
                secure, startMillis).tls(tls);
    }

    static InetSocketAddress address(String ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(ip, e);
        }
    }
}
