package io.portico.route;

import static io.portico.route.UriPrimitivesTest.matches;
import static org.assertj.core.api.Assertions.assertThat;

import io.portico.http.HttpVersion;
import org.junit.jupiter.api.Test;

/** BFE's ses_tls_* primitives and req_proto_match over what the TLS handshake settled. */
class TlsPrimitivesTest {
    private static final TestRequest PLAIN = TestRequest.get("/");

    @Test
    void sniIsMatchedWithoutCaseAndNeverOnPlaintextOrWithoutSni() {
        assertThat(matches("ses_tls_sni_in(\"example.com|api.example.org\")", TestRequest.get("/").tls("example.com", null, ""))).isTrue();
        assertThat(matches("ses_tls_sni_in(\"EXAMPLE.com\")", TestRequest.get("/").tls("example.com", null, ""))).isTrue();
        assertThat(matches("ses_tls_sni_in(\"example.com\")", TestRequest.get("/").tls("other.com", null, ""))).isFalse();
        assertThat(matches("ses_tls_sni_in(\"example.com\")", TestRequest.get("/").tls("", null, ""))).isFalse();
        assertThat(matches("ses_tls_sni_in(\"example.com\")", PLAIN)).isFalse();
    }

    @Test
    void clientAuthAndClientCaNeedAVerifiedClientCertificate() {
        TestRequest withCert = TestRequest.get("/").tls("a", "Portico Test CA", "");
        assertThat(matches("ses_tls_client_auth()", withCert)).isTrue();
        assertThat(matches("ses_tls_client_auth()", TestRequest.get("/").tls("a", null, ""))).isFalse();
        assertThat(matches("ses_tls_client_auth()", PLAIN)).isFalse();
        assertThat(matches("ses_tls_client_ca_in(\"Other CA|Portico Test CA\")", withCert)).isTrue();
        assertThat(matches("ses_tls_client_ca_in(\"portico test ca\")", withCert)).as("CA names keep their case").isFalse();
        assertThat(matches("ses_tls_client_ca_in(\"Portico Test CA\")", TestRequest.get("/").tls("a", null, ""))).isFalse();
    }

    @Test
    void protoIsHttpHttpsOrWhatAlpnSettledOn() {
        assertThat(matches("req_proto_match(\"http\")", PLAIN)).isTrue();
        assertThat(matches("req_proto_match(\"https\")", PLAIN)).isFalse();
        assertThat(matches("req_proto_match(\"https|h2\")", TestRequest.get("/").tls("a", null, "http/1.1"))).isTrue();
        assertThat(matches("req_proto_match(\"https\")", TestRequest.get("/").tls("a", null, ""))).isTrue();
        assertThat(matches("req_proto_match(\"H2\")", TestRequest.get("/").tls("a", null, "h2"))).isTrue();
        assertThat(matches("req_proto_match(\"https\")", TestRequest.get("/").tls("a", null, "h2"))).isFalse();
    }

    @Test
    void protoOfAnHttp2RequestIsH2OverTlsAndH2cInPlaintext() {
        assertThat(matches("req_proto_match(\"h2\")", TestRequest.get("/").version(HttpVersion.HTTP_2)
                .tls("a", null, "h2"))).isTrue();
        assertThat(matches("req_proto_match(\"h2c\")", TestRequest.get("/").version(HttpVersion.HTTP_2))).isTrue();
        assertThat(matches("req_proto_match(\"http\")", TestRequest.get("/").version(HttpVersion.HTTP_2))).isFalse();
    }
}
