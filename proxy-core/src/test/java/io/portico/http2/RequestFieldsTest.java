package io.portico.http2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.http.HttpVersion;
import io.portico.http.RequestHead;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestFieldsTest {

    private static RequestFields fields(String... nameValues) {
        RequestFields f = RequestFields.request();
        for (int i = 0; i < nameValues.length; i += 2) {
            f.field(nameValues[i], nameValues[i + 1], false);
        }
        return f;
    }

    @Test
    void aRequestBlockBecomesAHeadWithSchemeAuthorityAndPath() {
        RequestFields f = fields(":method", "POST", ":scheme", "https", ":authority", "example.com", ":path", "/a?b",
                "content-type", "text/plain", "content-length", "5");
        RequestHead head = f.head(1);
        assertThat(head).extracting(RequestHead::method, RequestHead::scheme, RequestHead::authority,
                RequestHead::target, RequestHead::version).containsExactly("POST", "https", "example.com", "/a?b",
                HttpVersion.HTTP_2);
        assertThat(head.fields().firstOrNull("content-type")).isEqualTo("text/plain");
        assertThat(f.contentLength()).isEqualTo(5);
    }

    @Test
    void cookieFieldsAreJoinedIntoOneForHttp11() {
        RequestHead head = fields(":method", "GET", ":scheme", "http", ":path", "/", "cookie", "a=1", "accept", "*/*",
                "cookie", "b=2").head(3);
        assertThat(head.fields().all("cookie")).containsExactly("a=1; b=2");
        assertThat(head.authority()).isEmpty();
    }

    @Test
    void optionsMayUseAsteriskAndConnectTakesItsAuthorityAsTarget() {
        assertThat(fields(":method", "OPTIONS", ":scheme", "https", ":path", "*").head(1).target()).isEqualTo("*");
        RequestHead connect = fields(":method", "CONNECT", ":authority", "backend:443").head(1);
        assertThat(connect.target()).isEqualTo("backend:443");
    }

    @ParameterizedTest
    @ValueSource(strings = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade"})
    void connectionSpecificFieldsMakeTheRequestMalformed(String name) {
        assertMalformed(fields(":method", "GET", ":scheme", "https", ":path", "/", name, "x"));
    }

    @Test
    void malformedPseudoHeaderBlocksAreStreamProtocolErrors() {
        assertMalformed(fields(":scheme", "https", ":path", "/"));
        assertMalformed(fields(":method", "GET", ":path", "/"));
        assertMalformed(fields(":method", "GET", ":scheme", "https"));
        assertMalformed(fields(":method", "GET", ":scheme", "https", ":path", ""));
        assertMalformed(fields(":method", "GET", ":scheme", "https", ":path", "*"));
        assertMalformed(fields(":method", "GET", ":scheme", "https", ":path", "x"));
        assertMalformed(fields(":method", "GET", ":scheme", "ftp", ":path", "/"));
        assertMalformed(fields(":method", "GET /evil HTTP/1.1 x", ":scheme", "https", ":path", "/"));
        assertMalformed(fields(":method", "G(ET", ":scheme", "https", ":path", "/"));
        assertMalformed(fields(":method", "GET", ":method", "GET", ":scheme", "https", ":path", "/"));
        assertMalformed(fields(":method", "GET", ":scheme", "https", "accept", "*/*", ":path", "/"));
        assertMalformed(fields(":method", "GET", ":scheme", "https", ":path", "/", ":status", "200"));
        assertMalformed(fields(":method", "CONNECT", ":authority", "a:1", ":path", "/"));
        assertMalformed(fields(":method", "CONNECT", ":protocol", "websocket", ":scheme", "https", ":path", "/",
                ":authority", "a"));
        assertMalformed(fields(":method", "GET", ":scheme", "https", ":path", "/", "te", "gzip"));
        assertMalformed(fields(":method", "GET", ":scheme", "https", ":path", "/", "content-length", "1x"));
        assertMalformed(fields(":method", "GET", ":scheme", "https", ":path", "/", "content-length", "1",
                "content-length", "2"));
    }

    @Test
    void teTrailersIsAllowed() {
        assertThat(fields(":method", "GET", ":scheme", "https", ":path", "/", "te", "trailers").head(1).fields()
                .firstOrNull("te")).isEqualTo("trailers");
    }

    @Test
    void trailersCarryNoPseudoHeaderFields() {
        RequestFields t = RequestFields.trailerBlock();
        t.field("x-sum", "11", false);
        assertThat(t.trailers(5).firstOrNull("x-sum")).isEqualTo("11");
        RequestFields bad = RequestFields.trailerBlock();
        bad.field(":path", "/", false);
        assertThatThrownBy(() -> bad.trailers(5)).isInstanceOfSatisfying(StreamException.class,
                e -> assertThat(e.streamId()).isEqualTo(5));
    }

    private static void assertMalformed(RequestFields f) {
        assertThatThrownBy(() -> f.head(7)).isInstanceOfSatisfying(StreamException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.PROTOCOL_ERROR);
            assertThat(e.streamId()).isEqualTo(7);
        });
    }
}
