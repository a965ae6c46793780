package io.portico.modules.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.testing.FakeRequest;
import org.junit.jupiter.api.Test;

class RequestKeyTest {

    private static String key(String spec, FakeRequest r) {
        return RequestKey.parse(spec).of(r.head(), r.clientAddress());
    }

    @Test
    void ipIsTheClientAddress() {
        assertThat(key("ip", FakeRequest.fromClient("/", "192.0.2.1", "www"))).isEqualTo("192.0.2.1");
        assertThat(key("ip", FakeRequest.fromClient("/", "2001:db8::1", "www"))).isEqualTo("2001:db8:0:0:0:0:0:1");
    }

    @Test
    void headerIsAllItsValuesJoinedByACaseInsensitiveName() {
        // sending the header twice is not a way to a fresh key: the backend may read either value
        FakeRequest r = FakeRequest.fromClient("/", "192.0.2.1", "www", "x-api-key", "k1", "X-Api-Key", "k2");
        assertThat(key("header:X-API-Key", r)).isEqualTo("k1, k2");
        assertThat(key("header:X-API-Key", FakeRequest.fromClient("/", "192.0.2.1", "www", "X-Api-Key", "k1"))).isEqualTo("k1");
        assertThat(key("header:X-Other", r)).isNull();
    }

    @Test
    void aCookieValueIsOneKeyHoweverItIsPercentEncoded() {
        FakeRequest plain = FakeRequest.fromClient("/", "192.0.2.1", "www", "Cookie", "sid=abc%2F1");
        FakeRequest encoded = FakeRequest.fromClient("/", "192.0.2.1", "www", "Cookie", "sid=%61%62c%2f1");
        assertThat(key("cookie:sid", plain)).isEqualTo("abc/1").isEqualTo(key("cookie:sid", encoded));
        assertThat(key("cookie:sid", FakeRequest.fromClient("/", "192.0.2.1", "www", "Cookie", "sid=a%zz%"))).isEqualTo("a%zz%");
    }

    @Test
    void cookieIsFoundInAnyCookieField() {
        FakeRequest r = FakeRequest.fromClient("/", "192.0.2.1", "www", "Cookie", "a=1; sid=x", "Cookie", "session = \"abc\" ;b=2");
        assertThat(key("cookie:session", r)).isEqualTo("abc");
        assertThat(key("cookie:sid", r)).isEqualTo("x");
        assertThat(key("cookie:ses", r)).isNull();
        assertThat(key("cookie:none", FakeRequest.fromClient("/", "192.0.2.1", "www"))).isNull();
    }

    @Test
    void pathLeavesTheQueryOut() {
        assertThat(key("path", FakeRequest.fromClient("/login?user=a", "192.0.2.1", "www"))).isEqualTo("/login");
    }

    @Test
    void longKeysAndKeysThatLookLikeDigestsAreDigested() {
        String longPath = "/" + "a".repeat(500);
        String digest = key("path", FakeRequest.fromClient(longPath, "192.0.2.1", "www"));
        assertThat(digest).startsWith("#").hasSizeLessThan(50);
        assertThat(RequestKey.bounded(digest)).as("a client cannot send the digest itself").isNotEqualTo(digest);
        assertThat(RequestKey.bounded("/short")).isEqualTo("/short");
    }

    @Test
    void unknownKeyKindsAreRejected() {
        for (String bad : new String[] {"", "host", "header:", "cookie", "header", "query:a"}) {
            assertThatThrownBy(() -> RequestKey.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("expected \"ip\", \"path\", \"header:NAME\" or \"cookie:NAME\"");
        }
    }
}
