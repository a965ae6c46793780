package io.portico.testing;

import io.portico.http.HttpFields;
import io.portico.http.HttpVersion;
import io.portico.http.RequestHead;
import io.portico.module.Attributes;
import io.portico.module.Request;
import io.portico.module.Session;
import io.portico.module.Timings;
import io.portico.module.TlsInfo;
import io.portico.route.Condition;
import io.portico.route.RouteRequest;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A request as modules see it, without a server: a head, a client, and every value a handler or
 * a log line reads, each settable (fluent setters named like the accessors). Conditions are
 * evaluated against the head and the client as they are now. Belongs to one test thread.
 */
public final class FakeRequest implements Request {
    private RequestHead head;
    private InetSocketAddress client = new InetSocketAddress("192.0.2.7", 40123);
    private InetSocketAddress local = new InetSocketAddress("198.51.100.1", 80);
    private boolean trusted;
    private String product;
    private String cluster;
    private String subcluster;
    private String backend;
    private int retries;
    private String logId = "log1";
    private Timings timings = new Timings(0, 0, Timings.NOT_REACHED, Timings.NOT_REACHED, Timings.NOT_REACHED);
    private long requestBytes;
    private long responseBytes;
    private String error;
    private final Map<String, String> tags = new LinkedHashMap<>();
    private final Attributes attributes = Attributes.forOneThread();

    private FakeRequest(RequestHead head) {
        this.head = head;
    }

    /** {@code METHOD target HTTP/1.1} with these fields (name, value, name, value...) and no others. */
    public static FakeRequest of(String method, String target, String... fieldPairs) {
        HttpFields fields = new HttpFields();
        for (int i = 0; i < fieldPairs.length; i += 2) {
            fields.add(fieldPairs[i], fieldPairs[i + 1]);
        }
        return new FakeRequest(new RequestHead(method, target, HttpVersion.HTTP_1_1, fields));
    }

    /** {@code GET target} for {@code Host: example.com} and these fields, from {@code clientIp}, in {@code product}. */
    public static FakeRequest fromClient(String target, String clientIp, String product, String... fieldPairs) {
        FakeRequest r = of("GET", target, "Host", "example.com");
        for (int i = 0; i < fieldPairs.length; i += 2) {
            r.head.fields().add(fieldPairs[i], fieldPairs[i + 1]);
        }
        return r.clientIp(clientIp).product(product);
    }

    public FakeRequest clientIp(String ip) {
        client = new InetSocketAddress(ip, client.getPort());
        return this;
    }

    public FakeRequest product(String name) {
        product = name;
        return this;
    }

    public FakeRequest cluster(String name) {
        cluster = name;
        return this;
    }

    public FakeRequest subcluster(String name) {
        subcluster = name;
        return this;
    }

    public FakeRequest backend(String address) {
        backend = address;
        return this;
    }

    public FakeRequest retryCount(int n) {
        retries = n;
        return this;
    }

    public FakeRequest logId(String id) {
        logId = id;
        return this;
    }

    public FakeRequest timings(Timings t) {
        timings = t;
        return this;
    }

    public FakeRequest requestBodyBytes(long n) {
        requestBytes = n;
        return this;
    }

    public FakeRequest responseBodyBytes(long n) {
        responseBytes = n;
        return this;
    }

    public FakeRequest error(String kind) {
        error = kind;
        return this;
    }

    @Override
    public Session session() {
        return new Session() {
            @Override
            public long id() {
                return 1;
            }

            @Override
            public InetSocketAddress remoteAddress() {
                return client;
            }

            @Override
            public InetSocketAddress localAddress() {
                return local;
            }

            @Override
            public Instant acceptedAt() {
                return Instant.EPOCH;
            }

            @Override
            public Optional<TlsInfo> tls() {
                return Optional.empty();
            }

            @Override
            public int requestCount() {
                return 1;
            }

            @Override
            public Attributes attributes() {
                return attributes;
            }
        };
    }

    @Override
    public RequestHead head() {
        return head;
    }

    @Override
    public void head(RequestHead h) {
        head = h;
    }

    @Override
    public InetSocketAddress clientAddress() {
        return client;
    }

    @Override
    public void clientAddress(InetSocketAddress c) {
        client = c;
    }

    @Override
    public boolean hostListed() {
        return true;
    }

    @Override
    public boolean clientTrusted() {
        return trusted;
    }

    @Override
    public void clientTrusted(boolean t) {
        trusted = t;
    }

    @Override
    public boolean matches(Condition condition) {
        return condition.test(new RouteRequest(head, client, client, local, false, 0).clientTrusted(trusted).tags(tags));
    }

    @Override
    public Optional<String> product() {
        return Optional.ofNullable(product);
    }

    @Override
    public Optional<String> cluster() {
        return Optional.ofNullable(cluster);
    }

    @Override
    public Optional<String> subcluster() {
        return Optional.ofNullable(subcluster);
    }

    @Override
    public Optional<String> backend() {
        return Optional.ofNullable(backend);
    }

    @Override
    public int retryCount() {
        return retries;
    }

    @Override
    public String logId() {
        return logId;
    }

    @Override
    public Timings timings() {
        return timings;
    }

    @Override
    public long requestBodyBytes() {
        return requestBytes;
    }

    @Override
    public long responseBodyBytes() {
        return responseBytes;
    }

    @Override
    public Optional<String> error() {
        return Optional.ofNullable(error);
    }

    @Override
    public void tag(String name, String value) {
        tags.put(name, value);
    }

    @Override
    public Map<String, String> tags() {
        return Collections.unmodifiableMap(tags);
    }

    @Override
    public Attributes attributes() {
        return attributes;
    }
}
