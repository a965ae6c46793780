package io.portico.modules.accesslog;

import io.portico.http.HttpFields;
import io.portico.http.HttpVersion;
import io.portico.http.RequestHead;
import io.portico.module.Attributes;
import io.portico.module.Request;
import io.portico.module.Session;
import io.portico.module.Timings;
import io.portico.module.TlsInfo;
import io.portico.route.Condition;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A Request with every value settable, for formatting tests. */
final class FakeRequest implements Request {
    RequestHead head = new RequestHead("GET", "/", HttpVersion.HTTP_1_1, new HttpFields());
    InetSocketAddress client = new InetSocketAddress("192.0.2.7", 40123);
    InetSocketAddress local = new InetSocketAddress("198.51.100.1", 80);
    String product;
    String cluster;
    String subcluster;
    String backend;
    int retries;
    String logId = "log1";
    Timings timings = new Timings(0, 0, Timings.NOT_REACHED, Timings.NOT_REACHED, Timings.NOT_REACHED);
    long requestBytes;
    long responseBytes;
    String error;
    final Map<String, String> tags = new LinkedHashMap<>();
    final Attributes attributes = Attributes.forOneThread();

    FakeRequest(String method, String target, String... headers) {
        head = new RequestHead(method, target, HttpVersion.HTTP_1_1, new HttpFields());
        for (int i = 0; i < headers.length; i += 2) {
            head.fields().add(headers[i], headers[i + 1]);
        }
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
        return false;
    }

    @Override
    public void clientTrusted(boolean trusted) {
    }

    @Override
    public boolean matches(Condition condition) {
        return false;
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
        return tags;
    }

    @Override
    public Attributes attributes() {
        return attributes;
    }
}
