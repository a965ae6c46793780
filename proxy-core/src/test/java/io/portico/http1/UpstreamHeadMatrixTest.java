package io.portico.http1;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.http.HttpFields;
import io.portico.http.HttpVersion;
import io.portico.http.PathRules;
import io.portico.http.ProtocolException.Kind;
import io.portico.http.ProtocolException;
import io.portico.http.ProxyHeaders;
import io.portico.http.RequestEntry;
import io.portico.http.RequestHead;
import io.portico.http.UnderscoreNames;
import io.portico.io.ByteBuf;
import io.portico.io.ByteReader;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The smuggling matrix's other half: for a request head a client sends, the exact head the
 * proxy writes to the backend (before its own framing fields, which {@link SmugglingMatrixTest}
 * and the exchange decide), or the 400 it answers instead. Parse, entry checks
 * ({@link RequestEntry}), upstream fields ({@link ProxyHeaders#upstreamRequest}) and head writer
 * as the pipeline runs them, the client at 192.0.2.1, whole and one byte per read.
 */
class UpstreamHeadMatrixTest {
    private static final String XFF = "X-Forwarded-For: 192.0.2.1\r\nX-Real-IP: 192.0.2.1\r\nX-Forwarded-Proto: http\r\n";

    sealed interface Outcome {
    }

    record Sends(String head) implements Outcome {
        @Override
        public String toString() {
            return "sends " + head.replace("\r\n", "\\r\\n");
        }
    }

    record Refuses(Kind kind) implements Outcome {
        @Override
        public String toString() {
            return "400 " + kind;
        }
    }

    record Case(String section, String name, String request, Outcome expected) {
        @Override
        public String toString() {
            return section + " " + name + " -> " + expected;
        }
    }

    private static Outcome sends(String lineAndFields) {
        return new Sends(lineAndFields + "\r\n");
    }

    private static Outcome refuses(Kind kind) {
        return new Refuses(kind);
    }

    private static Case c(String section, String name, String request, Outcome expected) {
        return new Case(section, name, request + "\r\n", expected);
    }

    static final List<Case> CASES = List.of(
        c("RFC9112 3.2", "a plain request", "GET /a?b=c HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n",
            sends("GET /a?b=c HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n" + XFF + "X-Forwarded-Host: example.com\r\n")),
        c("RFC3986 5.2.4", "dot segments and merged slashes", "GET //./x/../admin/%61?q=/../ HTTP/1.1\r\nHost: h\r\n",
            sends("GET /admin/a?q=/../ HTTP/1.1\r\nHost: h\r\n" + XFF + "X-Forwarded-Host: h\r\n")),
        c("RFC3986 6.2.2", "escapes: unreserved decoded, others upper-case", "GET /%7e/%3b/%c3%a9 HTTP/1.1\r\nHost: h\r\n",
            sends("GET /~/%3B/%C3%A9 HTTP/1.1\r\nHost: h\r\n" + XFF + "X-Forwarded-Host: h\r\n")),
        c("RFC3986 5.2.4", "an encoded dot segment", "GET /%2e%2e/admin HTTP/1.1\r\nHost: h\r\n", refuses(Kind.BAD_PATH)),
        c("RFC3986 5.2.4", "a dot segment above the root", "GET /../admin HTTP/1.1\r\nHost: h\r\n", refuses(Kind.BAD_PATH)),
        c("RFC3986 3.3", "an encoded slash", "GET /a%2fb HTTP/1.1\r\nHost: h\r\n", refuses(Kind.BAD_PATH)),
        c("RFC3986 3.3", "a raw backslash", "GET /a\\b HTTP/1.1\r\nHost: h\r\n", refuses(Kind.BAD_PATH)),
        c("RFC3986 2.1", "an encoded NUL", "GET /a%00 HTTP/1.1\r\nHost: h\r\n", refuses(Kind.BAD_PATH)),
        c("RFC9112 3.2", "a fragment", "GET /a#b HTTP/1.1\r\nHost: h\r\n", refuses(Kind.BAD_PATH)),
        c("RFC9112 3.2.2", "absolute-form: its authority replaces Host",
            "GET http://example.com:8080/a/./b HTTP/1.1\r\nHost: other\r\n",
            sends("GET /a/b HTTP/1.1\r\nHost: example.com:8080\r\n" + XFF + "X-Forwarded-Host: example.com:8080\r\n")),
        c("RFC9112 3.2.2", "absolute-form with userinfo", "GET http://u@example.com/ HTTP/1.1\r\nHost: example.com\r\n",
            refuses(Kind.BAD_TARGET)),
        c("RFC9112 3.2.4", "asterisk-form for OPTIONS", "OPTIONS * HTTP/1.1\r\nHost: h\r\n",
            sends("OPTIONS * HTTP/1.1\r\nHost: h\r\n" + XFF + "X-Forwarded-Host: h\r\n")),
        c("RFC9112 3.2.4", "asterisk-form for GET", "GET * HTTP/1.1\r\nHost: h\r\n", refuses(Kind.BAD_TARGET)),
        c("RFC9112 3.2.3", "authority-form for GET", "GET h:80 HTTP/1.1\r\nHost: h\r\n", refuses(Kind.BAD_TARGET)),
        c("RFC9112 3.2", "a relative target", "GET a/b HTTP/1.1\r\nHost: h\r\n", refuses(Kind.BAD_TARGET)),
        c("RFC9112 3.2", "Host with a path", "GET / HTTP/1.1\r\nHost: h/admin\r\n", refuses(Kind.BAD_HOST)),
        c("RFC9112 3.2", "Host with userinfo", "GET / HTTP/1.1\r\nHost: evil@h\r\n", refuses(Kind.BAD_HOST)),
        c("RFC9112 3.2", "Host with two ports", "GET / HTTP/1.1\r\nHost: h:1:2\r\n", refuses(Kind.BAD_HOST)),
        c("RFC9112 3.2", "HTTP/1.0 without Host gets an empty one", "GET /a HTTP/1.0\r\n",
            sends("GET /a HTTP/1.1\r\n" + XFF + "Host: \r\n")),
        c("RFC9110 7.6.1", "Connection cannot remove Host", "GET / HTTP/1.1\r\nHost: h\r\nConnection: close, Host\r\n",
            sends("GET / HTTP/1.1\r\nHost: h\r\n" + XFF + "X-Forwarded-Host: h\r\n")),
        c("RFC9110 7.6.1", "Connection removes what it names",
            "GET / HTTP/1.1\r\nHost: h\r\nConnection: x-a, X-Forwarded-For\r\nX-A: 1\r\nX-B: 2\r\nX-Forwarded-For: 10.0.0.1\r\n",
            sends("GET / HTTP/1.1\r\nHost: h\r\nX-B: 2\r\n" + XFF + "X-Forwarded-Host: h\r\n")),
        c("RFC9110 7.6.1", "hop-by-hop fields", "GET / HTTP/1.1\r\nHost: h\r\nKeep-Alive: 5\r\nProxy-Connection: x\r\n"
            + "TE: trailers\r\nTrailer: x\r\nUpgrade: foo\r\nConnection: Upgrade\r\n",
            sends("GET / HTTP/1.1\r\nHost: h\r\n" + XFF + "X-Forwarded-Host: h\r\n")),
        c("RFC9113 3.2", "an h2c upgrade goes no further", "GET / HTTP/1.1\r\nHost: h\r\nConnection: Upgrade, HTTP2-Settings\r\n"
            + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n",
            sends("GET / HTTP/1.1\r\nHost: h\r\n" + XFF + "X-Forwarded-Host: h\r\n")),
        c("RFC7239 8.1", "Forwarded and X-Forwarded-Port from an untrusted client",
            "GET / HTTP/1.1\r\nHost: h\r\nForwarded: for=10.0.0.1\r\nX-Forwarded-Port: 443\r\nX-Forwarded-Proto: https\r\n",
            sends("GET / HTTP/1.1\r\nHost: h\r\nX-Forwarded-Proto: http\r\nX-Forwarded-For: 192.0.2.1\r\n"
                + "X-Real-IP: 192.0.2.1\r\nX-Forwarded-Host: h\r\n")),
        c("CGI", "header names with underscores are dropped", "GET / HTTP/1.1\r\nHost: h\r\nX_User: root\r\nX-User_: a\r\n",
            sends("GET / HTTP/1.1\r\nHost: h\r\n" + XFF + "X-Forwarded-Host: h\r\n")),
        c("RFC9110 5.3", "X-Forwarded-For fields are joined and this hop appended",
            "GET / HTTP/1.1\r\nHost: h\r\nX-Forwarded-For: 10.0.0.1\r\nX-Forwarded-For: 10.0.0.2\r\n",
            sends("GET / HTTP/1.1\r\nHost: h\r\nX-Forwarded-For: 10.0.0.1, 10.0.0.2, 192.0.2.1\r\nX-Real-IP: 192.0.2.1\r\n"
                + "X-Forwarded-Proto: http\r\nX-Forwarded-Host: h\r\n")),
        c("RFC9112 6.3", "framing fields are the proxy's own", "POST /f HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n",
            sends("POST /f HTTP/1.1\r\nHost: h\r\n" + XFF + "X-Forwarded-Host: h\r\n")));

    private static Outcome run(ByteReader in) throws IOException {
        RequestHead head = Http1Parser.parseRequest(in, Http1Limits.DEFAULTS);
        try {
            head = RequestEntry.admit(head, false, PathRules.DEFAULTS, UnderscoreNames.DROP, n -> { });
        } catch (ProtocolException e) {
            assertThat(e.status()).isEqualTo(400);
            return new Refuses(e.kind());
        }
        HttpFields fields = ProxyHeaders.upstreamRequest(head.fields(), "192.0.2.1", "192.0.2.1", false,
                head.fields().firstOrNull("Host"), false);
        ByteBuf out = new ByteBuf();
        Http1HeadWriter.writeRequest(new RequestHead(head.method(), head.originForm(), HttpVersion.HTTP_1_1, fields), out);
        return new Sends(new String(out.array(), 0, out.length(), java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("CASES")
    void eachRequestBecomesItsExpectedUpstreamHeadWhole(Case c) throws IOException {
        assertThat(run(Wire.whole(c.request()))).isEqualTo(c.expected());
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("CASES")
    void eachRequestBecomesItsExpectedUpstreamHeadOneByteAtATime(Case c) throws IOException {
        assertThat(run(Wire.oneByteAtATime(c.request()))).isEqualTo(c.expected());
    }
}
