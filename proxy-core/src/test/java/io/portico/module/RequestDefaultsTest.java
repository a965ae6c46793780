package io.portico.module;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.testing.FakeRequest;
import org.junit.jupiter.api.Test;

class RequestDefaultsTest {

    @Test
    void helpersReadTheCurrentHead() {
        FakeRequest r = FakeRequest.of("GET", "/a/b?x=1&y", "Host", "Example.COM:8080");
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.path()).isEqualTo("/a/b");
        assertThat(r.query()).isEqualTo("x=1&y");
        assertThat(r.host()).isEqualTo("example.com");
    }

    @Test
    void rewritingThePathKeepsTheQuery() {
        FakeRequest r = FakeRequest.of("GET", "/old?x=1", "Host", "h");
        r.path("/new/place");
        assertThat(r.head().target()).isEqualTo("/new/place?x=1");
        FakeRequest plain = FakeRequest.of("GET", "/old", "Host", "h");
        plain.path("/new");
        assertThat(plain.head().target()).isEqualTo("/new");
    }

    @Test
    void rewritingTheTargetReplacesPathAndQuery() {
        FakeRequest r = FakeRequest.of("GET", "/old?x=1", "Host", "h");
        r.target("/v2/items");
        assertThat(r.path()).isEqualTo("/v2/items");
        assertThat(r.query()).isEmpty();
    }

    @Test
    void rewritingTheHostReplacesEveryHostField() {
        FakeRequest r = FakeRequest.of("GET", "/", "Host", "a.example");
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
}
