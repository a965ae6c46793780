package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A rule on the prefix {@code /admin/} cannot be walked around: every spelling of
 * {@code /admin/x} an origin server would resolve to the same file either gets exactly the answer
 * {@code /admin/x} gets (and the backend receives {@code /admin/x}, byte for byte), or 400 and
 * never reaches a backend — for each module that takes a condition and for route selection.
 */
class PathBypassTest {
    private static final String RULE = "req_path_prefix_in(\"/admin/\", false)";
    private static final String SECRET = "path-bypass-test-secret-of-32-bytes-and-more";

    /** Spellings an origin server reads as /admin/x: normalised, then decided and forwarded as /admin/x. */
    static final List<String> SAME_AS_ADMIN_X = List.of(
            "/admin/x", "/./admin/x", "//admin/x", "///admin/x", "/foo/../admin/x", "/foo/bar/../../admin/x",
            "/%61dmin/x", "/%61%64%6D%69%6E/%78", "/admin/./x", "/admin//x", "/admin/y/../x", "/./admin/./x",
            "//./foo/..//%61dmin/x", "/foo/./../admin/x", "http://example.com/./admin/x", "http://example.com//admin/x");

    /** Spellings that cannot be normalised safely: 400, never forwarded. */
    static final List<String> REFUSED = List.of(
            "/%2e/admin/x", "/%2E%2E/admin/x", "/foo/%2e%2e/admin/x", "/.%2e/admin/x", "/%2e./admin/x",
            "/admin%2fx", "/admin%2Fx", "/foo%2f..%2fadmin/x", "/foo/..%2Fadmin/x", "/admin%5cx", "/../admin/x",
            "/foo/../../admin/x", "/admin\\x", "/foo\\..\\admin/x", "/admin/x%00", "/%zzadmin/x", "/admin/x%2",
            "/admin/x#frag", "http://user@example.com/admin/x", "/x/%2e%2e/admin/x", "/admin/%2e%2e%5cx");

    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();
    private TestBackend admin;
    private TestBackend web;
    private TestProxy proxy;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    /** One scenario: the modules (or routes) that put a rule on /admin/, and how many warm-up requests it needs. */
    record Scenario(String name, String config, int warmUps) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> scenarios() {
        return Stream.of(
                new Scenario("auth_jwt", """
                        [modules]
                        enabled = ["auth_jwt"]
                        [modules.auth_jwt]
                        algorithms = ["HS256"]
                        secret = "%s"
                        condition = '%s'
                        """.formatted(SECRET, RULE), 0),
                new Scenario("auth_basic", """
                        [modules]
                        enabled = ["auth_basic"]
                        [modules.auth_basic]
                        user_file = "@DIR@/htpasswd"
                        condition = '%s'
                        """.formatted(RULE), 0),
                new Scenario("block", """
                        [modules]
                        enabled = ["block"]
                        [[modules.block.rule]]
                        condition = '%s'
                        """.formatted(RULE), 0),
                new Scenario("rate_limit by path", """
                        [modules]
                        enabled = ["rate_limit"]
                        [[modules.rate_limit.rule]]
                        condition = '%s'
                        key = "path"
                        threshold = 1
                        period = "1h"
                        """.formatted(RULE), 1),
                new Scenario("static", """
                        [modules]
                        enabled = ["static"]
                        [modules.static]
                        root = "@DIR@/files"
                        condition = '%s'
                        prefix = "/admin"
                        """.formatted(RULE), 0),
                new Scenario("redirect", """
                        [modules]
                        enabled = ["redirect"]
                        [[modules.redirect.rule]]
                        condition = '%s'
                        url = "https://login.example.com/"
                        """.formatted(RULE), 0),
                new Scenario("rewrite", """
                        [modules]
                        enabled = ["rewrite"]
                        [[modules.rewrite.rule]]
                        condition = '%s'
                        path_prefix_add = "/private"
                        """.formatted(RULE), 0),
                new Scenario("route", "", 0)).map(Arguments::of);
    }

    private void start(String modules) throws Exception {
        Files.writeString(dir.resolve("htpasswd"), "carol:{SHA}/vNB+F2HQ559kaLUZbmHHvZrXpg=\n");
        Files.createDirectories(dir.resolve("files"));
        Files.writeString(dir.resolve("files/x"), "the static x\n");
        admin = TestBackend.start((req, s, out) -> TestBackend.ok(out, "admin backend: " + req.requestLine()));
        open.add(admin);
        web = TestBackend.start((req, s, out) -> TestBackend.ok(out, "web backend: " + req.requestLine()));
        open.add(web);
        proxy = TestProxy.start("""
                [hosts]
                "example.com" = "www"

                [[product.www.route]]
                condition = '%s'
                cluster = "admin"

                [[product.www.route]]
                condition = "default_t()"
                cluster = "web"

                [[cluster.admin.subcluster.dc1.instance]]
                address = "%s"
                [[cluster.web.subcluster.dc1.instance]]
                address = "%s"
                """.formatted(RULE, admin.address(), web.address()) + modules.replace("@DIR@", dir.toString()));
        open.add(proxy);
    }

    /** Status, Location and body of the answer to {@code GET target}. */
    private String answer(String target) throws Exception {
        String r = proxy.exchange("GET " + target + " HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n");
        int end = r.indexOf("\r\n\r\n");
        assertThat(end).as("a whole answer to %s", target).isPositive();
        String head = r.substring(0, end);
        String location = head.lines().filter(l -> l.regionMatches(true, 0, "Location:", 0, 9)).findFirst().orElse("");
        return head.substring(0, 12) + " " + location + " | " + r.substring(end + 4);
    }

    private int forwarded() {
        return admin.received().size() + web.received().size();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everySpellingOfAPathGetsItsAnswerOr400(Scenario scenario) throws Exception {
        start(scenario.config());
        for (int i = 0; i < scenario.warmUps(); i++) {
            answer("/admin/x");
        }
        String expected = answer("/admin/x");
        assertThat(expected).as("the rule on /admin/ applies to /admin/x itself").doesNotContain("web backend: GET /admin/x");
        for (String trick : SAME_AS_ADMIN_X) {
            assertThat(answer(trick)).as(trick).isEqualTo(expected);
        }
        int before = forwarded();
        for (String trick : REFUSED) {
            assertThat(answer(trick)).as(trick).startsWith("HTTP/1.1 400");
        }
        assertThat(forwarded()).as("refused requests reach no backend").isEqualTo(before);
        List<String> lines = new ArrayList<>();
        admin.received().forEach(r -> lines.add(r.requestLine()));
        web.received().forEach(r -> lines.add(r.requestLine()));
        assertThat(lines).as("what backends received").allSatisfy(line ->
                assertThat(line).isIn("GET /admin/x HTTP/1.1", "GET /private/admin/x HTTP/1.1"));
    }

    @Test
    void theBackendReceivesTheNormalisedTargetAndTheQueryAsSent() throws Exception {
        start("");
        for (String trick : SAME_AS_ADMIN_X) {
            String q = trick + "?a=%2F..%2F&b=/../c";
            assertThat(answer(q)).as(q).contains("admin backend: GET /admin/x?a=%2F..%2F&b=/../c HTTP/1.1");
        }
        TestBackend.Received last = admin.last();
        assertThat(last.headerLines()).contains("Host: example.com");
    }

    @Test
    void rawBytesAndReservedEscapesAreForwardedInOneCanonicalSpelling() throws Exception {
        start("");
        byte[] utf8 = "/admin/café".getBytes(StandardCharsets.UTF_8);
        String raw = new String(utf8, StandardCharsets.ISO_8859_1);
        assertThat(answer(raw)).contains("admin backend: GET /admin/caf%C3%A9 HTTP/1.1");
        assertThat(answer("/admin/caf%c3%a9")).contains("admin backend: GET /admin/caf%C3%A9 HTTP/1.1");
        assertThat(answer("/admin/a%3bb|c")).contains("admin backend: GET /admin/a%3Bb%7Cc HTTP/1.1");
    }

    @Test
    void withEscapedSlashesKeptTheyAreForwardedAndMatchedEncoded() throws Exception {
        start("""
                [server.paths]
                escaped_slash = "keep"
                """);
        // "/admin%2Fx" is one segment: it is not under /admin/, and the backend gets it as sent
        assertThat(answer("/admin%2fx")).contains("web backend: GET /admin%2Fx HTTP/1.1");
        assertThat(answer("/admin/a%5Cb")).contains("admin backend: GET /admin/a%5Cb HTTP/1.1");
    }

    @Test
    void targetsThatDoNotFitTheirMethodAreRefused() throws Exception {
        start("");
        for (String line : List.of("GET * HTTP/1.1", "GET admin/x HTTP/1.1", "GET example.com:80 HTTP/1.1",
                "CONNECT /admin/x HTTP/1.1", "GET ftp://example.com/admin/x HTTP/1.1", "POST *?x HTTP/1.1")) {
            String r = proxy.exchange(line + "\r\nHost: example.com\r\nContent-Length: 0\r\n\r\n");
            assertThat(r).as(line).startsWith("HTTP/1.1 400 ");
        }
        assertThat(proxy.exchange("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n"))
                .startsWith("HTTP/1.1 405 ");
        assertThat(proxy.exchange("OPTIONS * HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n"))
                .contains("web backend: OPTIONS * HTTP/1.1");
        assertThat(forwarded()).isEqualTo(1);
    }

    @Test
    void aHostThatIsNotUriHostAndPortIsRefused() throws Exception {
        start("");
        for (String host : List.of("example.com/admin", "a b", "evil.com@example.com", "example.com:80:80",
                "example.com:http", "[::1", "example.com:99999")) {
            String r = proxy.exchange("GET /admin/x HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
            assertThat(r).as(host).startsWith("HTTP/1.1 400 ");
        }
        assertThat(forwarded()).isZero();
        // an absolute-form target's authority replaces Host and is checked the same way
        assertThat(proxy.exchange("GET http://example.com:8080/admin/x HTTP/1.1\r\nHost: other\r\nConnection: close\r\n\r\n"))
                .contains("admin backend: GET /admin/x HTTP/1.1");
        assertThat(admin.last().header("Host")).isEqualTo("example.com:8080");
        assertThat(proxy.exchange("GET http://a/b%20c/ HTTP/1.1\r\nHost: a b\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 400 ");
    }
}
