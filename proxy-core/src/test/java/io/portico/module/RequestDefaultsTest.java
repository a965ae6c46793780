package io.portico.module;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.http.HttpFields;
import io.portico.http.HttpVersion;
import io.portico.http.RequestHead;
import io.portico.route.Condition;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestDefaultsTest {

    @Test
    void helpersReadTheCurrentHead() {
        FakeRequest r = new FakeRequest("GET", "/a/b?x=1&y", "Example.COM:8080");
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.path()).isEqualTo("/a/b");
        assertThat(r.query()).isEqualTo("x=1&y");
        assertThat(r.host()).isEqualTo("example.com");
    }

    @Test
    void rewritingThePathKeepsTheQuery() {
        FakeRequest r = new FakeRequest("GET", "/old?x=1", "h");
        r.path("/new/place");
        assertThat(r.head().target()).isEqualTo("/new/place?x=1");
        FakeRequest plain = new FakeRequest("GET", "/old", "h");
        plain.path("/new");
        assertThat(plain.head().target()).isEqualTo("/new");
    }

    @Test
    void rewritingTheTargetReplacesPathAndQuery() {
        FakeRequest r = new FakeRequest("GET", "/old?x=1", "h");
        r.target("/v2/items");
        assertThat(r.path()).isEqualTo("/v2/items");
        assertThat(r.query()).isEmpty();
    }

    @Test
    void rewritingTheHostReplacesEveryHostField() {
        FakeRequest r = new FakeRequest("GET", "/", "a.example");
        r.head().fields().add("host", "b.example");
        r.host("backend.internal:8080");
        assertThat(r.head().fields().all("Host")).containsExactly("backend.internal:8080");
        assertThat(r.host()).isEqualTo("backend.internal");
    }

    @Test
    void theHostIsLowerCaseWithoutPortAndKeepsIpv6Brackets() {
        assertThat(HostNames.hostOf("WWW.Example.com")).isEqualTo("www.example.com");
        assertThat(HostNames.hostOf("[::1]:8443")).isEqualTo("[::1]");
        assertThat(HostNames.hostOf("[::1]")).isEqualTo("[::1]");
        assertThat(HostNames.hostOf("127.0.0.1:80")).isEqualTo("127.0.0.1");
        assertThat(HostNames.hostOf(null)).isEmpty();
    }

    /** Just enough of a request to exercise the interface's default methods. */
    private static final class FakeRequest implements Request {
        private RequestHead head;

        FakeRequest(String method, String target, String host) {
            head = new RequestHead(method, target, HttpVersion.HTTP_1_1, new HttpFields().add("Host", host));
        }

        @Override public Session session() { throw new UnsupportedOperationException(); }
        @Override public RequestHead head() { return head; }
        @Override public void head(RequestHead newHead) { head = newHead; }
        @Override public InetSocketAddress clientAddress() { throw new UnsupportedOperationException(); }
        @Override public void clientAddress(InetSocketAddress client) { throw new UnsupportedOperationException(); }
        @Override public boolean clientTrusted() { throw new UnsupportedOperationException(); }
        @Override public boolean hostListed() { throw new UnsupportedOperationException(); }
        @Override public void clientTrusted(boolean trusted) { throw new UnsupportedOperationException(); }
        @Override public boolean matches(Condition condition) { throw new UnsupportedOperationException(); }
        @Override public Optional<String> product() { return Optional.empty(); }
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
}
