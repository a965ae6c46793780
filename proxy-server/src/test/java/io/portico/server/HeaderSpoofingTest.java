package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Headers a client cannot strip, forge or smuggle: what Connection names goes on arrival (never
 * Host, never what the proxy or a module adds later), Forwarded and X-Forwarded-Port are believed
 * only from a trusted peer, header names with '_' are dropped by default.
 */
class HeaderSpoofingTest {
    private static final String SECRET = "header-spoofing-test-secret-of-32-bytes-at-least";

    private TestBackend backend;
    private TestProxy proxy;

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    private void start(String extra) throws Exception {
        backend = TestBackend.answering("ok");
        proxy = TestProxy.start(TestProxy.oneCluster("", backend) + extra);
    }

    private TestBackend.Received send(String headers) throws Exception {
        int before = backend.received().size();
        String r = proxy.exchange("GET /x HTTP/1.1\r\nHost: example.com\r\n" + headers + "\r\n");
        assertThat(r).startsWith("HTTP/1.1 200 ");
        assertThat(backend.received()).hasSize(before + 1);
        return backend.last();
    }

    private long count(TestBackend.Received r, String name) {
        return r.headerLines().stream().filter(l -> l.regionMatches(true, 0, name + ":", 0, name.length() + 1)).count();
    }

    @Test
    void connectionCannotRemoveHost() throws Exception {
        start("");
        TestBackend.Received r = send("Connection: close, Host\r\n");
        assertThat(r.header("Host")).isEqualTo("example.com");
        assertThat(count(r, "Host")).isEqualTo(1);
    }

    @Test
    void connectionCannotRemoveWhatTheProxyAdds() throws Exception {
        start("""
                [modules]
                enabled = ["request_id"]
                """);
        TestBackend.Received r = send("Connection: close, X-Forwarded-For, X-Real-IP, X-Forwarded-Proto, "
                + "X-Forwarded-Host, X-Request-Id\r\nX-Forwarded-For: 203.0.113.9\r\nX-Request-Id: forged\r\n");
        assertThat(r.header("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(r.header("X-Real-IP")).isEqualTo("127.0.0.1");
        assertThat(r.header("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(r.header("X-Forwarded-Host")).isEqualTo("example.com");
        assertThat(r.header("X-Request-Id")).isNotNull().isNotEqualTo("forged");
        assertThat(r.header("Connection")).isNull();
    }

    @Test
    void connectionStillRemovesTheClientsOwnHopByHopFields() throws Exception {
        start("");
        TestBackend.Received r = send("Connection: close, X-Hop\r\nX-Hop: 1\r\nX-Kept: 2\r\n"
                + "Keep-Alive: timeout=5\r\nProxy-Connection: keep-alive\r\nTE: trailers\r\n");
        assertThat(r.header("X-Hop")).isNull();
        assertThat(r.header("X-Kept")).isEqualTo("2");
        assertThat(r.header("Keep-Alive")).isNull();
        assertThat(r.header("Proxy-Connection")).isNull();
        assertThat(r.header("TE")).isNull();
    }

    @Test
    void connectionCannotRemoveTheClaimsAVerifiedTokenForwards() throws Exception {
        start("""
                [modules]
                enabled = ["auth_jwt"]
                [modules.auth_jwt]
                algorithms = ["HS256"]
                secret = "%s"
                require_exp = false
                claims_to_headers = { sub = "X-User" }
                """.formatted(SECRET));
        TestBackend.Received r = send("Authorization: Bearer " + token("{\"sub\":\"alice\"}")
                + "\r\nConnection: close, X-User\r\nX-User: mallory\r\n");
        assertThat(r.header("X-User")).isEqualTo("alice");
        assertThat(count(r, "X-User")).isEqualTo(1);
    }

    @Test
    void forwardedAndXForwardedPortFromAnUntrustedPeerAreRemoved() throws Exception {
        start("");
        TestBackend.Received r = send("Connection: close\r\nForwarded: for=10.9.9.9;proto=https\r\n"
                + "X-Forwarded-Port: 443\r\n");
        assertThat(r.header("Forwarded")).isNull();
        assertThat(r.header("X-Forwarded-Port")).isNull();
    }

    @Test
    void forwardedFromATrustedPeerIsExtendedWithThisHop() throws Exception {
        start("""
                [modules]
                enabled = ["trust_client_ip"]
                [modules.trust_client_ip]
                trusted = ["127.0.0.0/8"]
                """);
        TestBackend.Received r = send("Connection: close\r\nForwarded: for=192.0.2.7;proto=https\r\n"
                + "Forwarded: for=\"[2001:db8::1]\"\r\nX-Forwarded-Port: 443\r\n");
        assertThat(r.header("Forwarded")).isEqualTo(
                "for=192.0.2.7;proto=https, for=\"[2001:db8::1]\", for=127.0.0.1;host=\"example.com\";proto=http");
        assertThat(count(r, "Forwarded")).isEqualTo(1);
        assertThat(r.header("X-Forwarded-Port")).isEqualTo("443");
    }

    @Test
    void headerNamesWithUnderscoresAreDroppedAndCounted() throws Exception {
        start("");
        long before = proxy.server().metrics().underscoreHeadersDropped.sum();
        TestBackend.Received r = send("Connection: close\r\nX_User: admin\r\nX_User: root\r\nX-Other_Thing: 1\r\nX-User-Ok: 2\r\n");
        assertThat(r.headerLines()).noneMatch(l -> l.substring(0, l.indexOf(':')).contains("_"));
        assertThat(r.header("X-User-Ok")).isEqualTo("2");
        assertThat(proxy.server().metrics().underscoreHeadersDropped.sum() - before).isEqualTo(3);
    }

    @Test
    void headerNamesWithUnderscoresAreRefusedOrAllowedWhenConfigured() throws Exception {
        start("""
                [server.headers]
                underscores = "reject"
                """);
        assertThat(proxy.exchange("GET /x HTTP/1.1\r\nHost: example.com\r\nX_User: admin\r\n\r\n")).startsWith("HTTP/1.1 400 ");
        assertThat(backend.received()).isEmpty();
        proxy.close();
        proxy = TestProxy.start(TestProxy.oneCluster("", backend) + """
                [server.headers]
                underscores = "allow"
                """);
        assertThat(send("Connection: close\r\nX_User: admin\r\n").header("X_User")).isEqualTo("admin");
    }

    private static String token(String claims) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return signingInput + "." + b64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    }
}
