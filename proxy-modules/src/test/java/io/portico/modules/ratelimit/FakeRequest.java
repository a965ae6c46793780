package io.portico.modules.ratelimit;

import io.portico.http.HttpFields;
import io.portico.http.HttpVersion;
import io.portico.http.RequestHead;
import io.portico.module.Attributes;
import io.portico.module.Request;
import io.portico.module.Session;
import io.portico.module.Timings;
import io.portico.route.Condition;
import io.portico.route.RouteRequest;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;

/** A request as handlers see it, without a server: head, client address and product. */
final class FakeRequest implements Request {
    private RequestHead head;
    private InetSocketAddress client;
    private final String product;
    private boolean trusted;

    FakeRequest(String target, String clientIp, String product, String... headerPairs) {
        HttpFields fields = new HttpFields().add("Host", "example.com");
        for (int i = 0; i < headerPairs.length; i += 2) {
            fields.add(headerPairs[i], headerPairs[i + 1]);
        }
        this.head = new RequestHead("GET", target, HttpVersion.HTTP_1_1, fields);
        this.client = new InetSocketAddress(clientIp, 40000);
        this.product = product;
    }

    @Override public Session session() { throw new UnsupportedOperationException(); }
    @Override public RequestHead head() { return head; }
    @Override public void head(RequestHead h) { head = h; }
    @Override public InetSocketAddress clientAddress() { return client; }
    @Override public void clientAddress(InetSocketAddress c) { client = c; }
    @Override public boolean clientTrusted() { return trusted; }
    @Override public boolean hostListed() { return true; }
    @Override public void clientTrusted(boolean t) { trusted = t; }

    @Override
    public boolean matches(Condition condition) {
        return condition.test(new RouteRequest(head, client, client, client, false, 0).clientTrusted(trusted));
    }

    @Override public Optional<String> product() { return Optional.ofNullable(product); }
    @Override public Optional<String> cluster() { return Optional.empty(); }
    @Override public Optional<String> subcluster() { return Optional.empty(); }
    @Override public Optional<String> backend() { return Optional.empty(); }
    @Override public int retryCount() { return 0; }
    @Override public String logId() { return "test"; }
    @Override public Timings timings() { throw new UnsupportedOperationException(); }
    @Override public long requestBodyBytes() { return 0; }
    @Override public long responseBodyBytes() { return 0; }
    @Override public Optional<String> error() { return Optional.empty(); }
    @Override public void tag(String name, String value) { throw new UnsupportedOperationException(); }
    @Override public Map<String, String> tags() { return Map.of(); }
    @Override public Attributes attributes() { throw new UnsupportedOperationException(); }
}
