package io.portico.modules.cors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.http.HttpFields;
import java.util.List;
import org.junit.jupiter.api.Test;

class OriginsTest {

    @Test
    void exactOriginsCompareIgnoringCase() {
        Origins o = Origins.of(List.of("https://App.example.com"));
        assertThat(o.allows("https://app.example.com")).isTrue();
        assertThat(o.allows("http://app.example.com")).isFalse();
        assertThat(o.allows("https://app.example.com:8443")).isFalse();
        assertThat(o.allows("https://app.example.com.evil.example")).isFalse();
    }

    @Test
    void wildcardsMatchSubdomainsOnly() {
        Origins o = Origins.of(List.of("*.example.com", "https://*.example.org"));
        assertThat(o.allows("https://a.example.com")).isTrue();
        assertThat(o.allows("http://a.b.example.com:8080")).isTrue();
        assertThat(o.allows("https://example.com")).isFalse();
        assertThat(o.allows("https://evilexample.com")).isFalse();
        assertThat(o.allows("https://a.example.com.evil.example")).isFalse();
        assertThat(o.allows("https://evil.example:.example.com")).isFalse();
        assertThat(o.allows("https://a.example.org")).isTrue();
        assertThat(o.allows("http://a.example.org")).isFalse();
    }

    @Test
    void anyAllowsEveryWellFormedOriginButNotNull() {
        Origins o = Origins.of(List.of("*"));
        assertThat(o.allows("https://x.example")).isTrue();
        assertThat(o.allows("null")).isFalse();
        assertThat(o.allows("https://x.example/path")).isFalse();
        assertThat(o.allows("file://x")).isFalse();
        assertThat(o.allows("garbage")).isFalse();
        assertThat(Origins.of(List.of("null")).allows("null")).isTrue();
    }

    @Test
    void malformedEntriesAreRejectedWhenCompiled() {
        assertThatThrownBy(() -> Origins.of(List.of("app.example.com"))).hasMessageContaining("is not an origin");
        assertThatThrownBy(() -> Origins.of(List.of("https://app.example.com/"))).hasMessageContaining("is not an origin");
        assertThatThrownBy(() -> Origins.of(List.of("ftp://*.example.com"))).hasMessageContaining("wildcard");
        assertThatThrownBy(() -> Origins.of(List.of("*.*.example.com"))).hasMessageContaining("wildcard");
    }

    private static CorsPolicy policy(List<String> origins, boolean credentials) {
        return new CorsPolicy(null, r -> true, Origins.of(origins), new String[] {"GET", "PUT"}, new String[] {"content-type"},
                false, "X-Total", credentials, "600");
    }

    @Test
    void aPreflightIsAllowedOnlyForAllowedOriginMethodAndHeaders() {
        CorsPolicy p = policy(List.of("https://a.example"), false);
        HttpFields ok = p.preflight("https://a.example", "PUT", "Content-Type");
        assertThat(ok.toString()).isEqualTo("Access-Control-Allow-Origin: https://a.example\r\n"
                + "Access-Control-Allow-Methods: GET, PUT\r\nAccess-Control-Allow-Headers: content-type\r\n"
                + "Access-Control-Max-Age: 600\r\n");
        assertThat(p.preflight("https://a.example", "POST", null)).isNotNull();
        assertThat(p.preflight("https://a.example", "DELETE", null)).isNull();
        assertThat(p.preflight("https://a.example", "PUT", "content-type, x-secret")).isNull();
        assertThat(p.preflight("https://b.example", "PUT", null)).isNull();
    }

    @Test
    void starIsNeverSentWithCredentials() {
        assertThat(policy(List.of("*"), false).allowOrigin("https://a.example")).isEqualTo("*");
        assertThat(policy(List.of("*"), true).allowOrigin("https://a.example")).isEqualTo("https://a.example");
        HttpFields f = new HttpFields().add("Access-Control-Allow-Origin", "*").add("Vary", "Accept-Encoding");
        policy(List.of("*"), true).actual("https://a.example", f);
        assertThat(f.toString()).isEqualTo("Vary: Accept-Encoding\r\nAccess-Control-Allow-Origin: https://a.example\r\n"
                + "Access-Control-Allow-Credentials: true\r\nAccess-Control-Expose-Headers: X-Total\r\nVary: Origin\r\n");
    }

    @Test
    void aRefusedOriginLosesTheBackendsCorsHeadersAndGetsVaryOrigin() {
        HttpFields f = new HttpFields().add("Access-Control-Allow-Origin", "*").add("Vary", "origin");
        policy(List.of("https://a.example"), false).actual("https://evil.example", f);
        assertThat(f.toString()).isEqualTo("Vary: origin\r\n");
    }
}
