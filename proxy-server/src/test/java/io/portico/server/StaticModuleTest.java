package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.server.snapshot.LoadedModules;
import io.portico.testing.Sha256;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code static} module through a running proxy: files, validators, ranges, and no way out of the root. */
class StaticModuleTest {
    private static final String SECRET = "the secret outside the root";
    private Path dir;
    private Path root;
    private TestBackend backend;
    private TestProxy proxy;

    @BeforeEach
    void files() throws Exception {
        dir = Files.createTempDirectory("portico-static");
        root = Files.createDirectory(dir.resolve("www"));
        Path outside = Files.createDirectory(dir.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), SECRET);
        Files.writeString(root.resolve("index.html"), "<h1>home</h1>");
        Files.writeString(root.resolve("a.txt"), "hello world");
        Files.writeString(root.resolve(".secret"), SECRET);
        Files.createDirectory(root.resolve("docs"));
        Files.writeString(root.resolve("docs/index.html"), "<h1>docs</h1>");
        Files.createSymbolicLink(root.resolve("leak"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("leakdir"), outside);
        Files.createSymbolicLink(root.resolve("alias.txt"), root.resolve("a.txt"));
        backend = TestBackend.answering("from the backend");
    }

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        backend.close();
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private void start(String keys) throws Exception {
        proxy = TestProxy.start(TestProxy.oneCluster("", backend) + """
                [modules]
                enabled = ["static"]
                [modules.static]
                root = "%s"
                %s
                """.formatted(root, keys));
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(proxy.uri(path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return proxy.send(b);
    }

    private String raw(String target) throws Exception {
        return proxy.exchange("GET " + target + " HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
    }

    @Test
    void aFileIsServedWithItsTypeLengthAndValidators() throws Exception {
        start("");
        HttpResponse<String> r = get("/a.txt");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("hello world");
        assertThat(r.headers().firstValue("Content-Type")).contains("text/plain; charset=utf-8");
        assertThat(r.headers().firstValue("Content-Length")).contains("11");
        assertThat(r.headers().firstValue("Accept-Ranges")).contains("bytes");
        assertThat(r.headers().firstValue("ETag")).hasValueSatisfying(e -> assertThat(e).matches("\"[0-9a-f]+-b\""));
        assertThat(r.headers().firstValue("Last-Modified")).hasValueSatisfying(d -> assertThat(d).endsWith(" GMT"));
        assertThat(backend.received()).isEmpty();
    }

    @Test
    void onlyPathsUnderThePrefixAreServedTheRestIsForwarded() throws Exception {
        start("prefix = \"/static/\"\ncache_control = \"public, max-age=60\"");
        HttpResponse<String> file = get("/static/a.txt");
        assertThat(file.body()).isEqualTo("hello world");
        assertThat(file.headers().firstValue("Cache-Control")).contains("public, max-age=60");
        assertThat(get("/a.txt").body()).isEqualTo("from the backend");
        assertThat(get("/staticky/a.txt").body()).isEqualTo("from the backend");
        assertThat(backend.received()).hasSize(2);
    }

    @Test
    void theConditionDecidesWhichRequestsAreServedFromFiles() throws Exception {
        start("condition = 'req_path_suffix_in(\".txt\", false)'");
        assertThat(get("/a.txt").body()).isEqualTo("hello world");
        assertThat(get("/index.html").body()).isEqualTo("from the backend");
    }

    @Test
    void aProductKeyServesOnlyThatProductsRequests() throws Exception {
        start("product = \"www\"");
        assertThat(get("/a.txt").body()).isEqualTo("hello world");
        proxy.close();
        start("product = \"api\"");
        assertThat(get("/a.txt").body()).isEqualTo("from the backend");
    }

    @Test
    void aDirectoryIsRedirectedToItsSlashAndServesItsIndex() throws Exception {
        start("");
        String redirect = raw("/docs?x=1");
        assertThat(redirect).startsWith("HTTP/1.1 301 ").contains("Location: /docs/?x=1\r\n");
        assertThat(get("/docs/").body()).isEqualTo("<h1>docs</h1>");
        HttpResponse<String> home = get("/");
        assertThat(home.body()).isEqualTo("<h1>home</h1>");
        assertThat(home.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(get("/a.txt/").statusCode()).isEqualTo(404);
        assertThat(get("/missing.txt").statusCode()).isEqualTo(404);
    }

    @Test
    void aDirectoryWithoutIndexIsNotListed() throws Exception {
        start("index = []");
        assertThat(get("/docs/").statusCode()).isEqualTo(404);
    }

    @Test
    void conditionalRequestsGet304Or412() throws Exception {
        start("");
        HttpResponse<String> first = get("/a.txt");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        String modified = first.headers().firstValue("Last-Modified").orElseThrow();

        String notModified = proxy.exchange("GET /a.txt HTTP/1.1\r\nHost: a\r\nIf-None-Match: \"x\", W/" + etag
                + "\r\nConnection: close\r\n\r\n");
        assertThat(notModified).startsWith("HTTP/1.1 304 ").contains("ETag: " + etag).endsWith("\r\n\r\n")
                .doesNotContain("Content-Length");
        assertThat(get("/a.txt", "If-Modified-Since", modified).statusCode()).isEqualTo(304);
        assertThat(get("/a.txt", "If-Modified-Since", "Sun, 06 Nov 1994 08:49:37 GMT").statusCode()).isEqualTo(200);
        // If-None-Match wins over If-Modified-Since
        assertThat(get("/a.txt", "If-None-Match", "\"other\"", "If-Modified-Since", modified).statusCode()).isEqualTo(200);
        assertThat(get("/a.txt", "If-Match", "\"other\"").statusCode()).isEqualTo(412);
        assertThat(get("/a.txt", "If-Match", etag).statusCode()).isEqualTo(200);
        assertThat(get("/a.txt", "If-Unmodified-Since", "Sun, 06 Nov 1994 08:49:37 GMT").statusCode()).isEqualTo(412);
    }

    @Test
    void oneByteRangeGets206AndAnUnsatisfiableOne416() throws Exception {
        start("");
        HttpResponse<String> head = get("/a.txt", "Range", "bytes=0-4");
        assertThat(head.statusCode()).isEqualTo(206);
        assertThat(head.body()).isEqualTo("hello");
        assertThat(head.headers().firstValue("Content-Range")).contains("bytes 0-4/11");
        HttpResponse<String> tail = get("/a.txt", "Range", "bytes=-5");
        assertThat(tail.body()).isEqualTo("world");
        assertThat(tail.headers().firstValue("Content-Range")).contains("bytes 6-10/11");
        HttpResponse<String> past = get("/a.txt", "Range", "bytes=50-");
        assertThat(past.statusCode()).isEqualTo(416);
        assertThat(past.headers().firstValue("Content-Range")).contains("bytes */11");
        HttpResponse<String> several = get("/a.txt", "Range", "bytes=0-1,3-4");
        assertThat(several.statusCode()).isEqualTo(200);
        assertThat(several.body()).isEqualTo("hello world");
    }

    @Test
    void ifRangeServesTheRangeOnlyWhileTheFileIsUnchanged() throws Exception {
        start("");
        String etag = get("/a.txt").headers().firstValue("ETag").orElseThrow();
        assertThat(get("/a.txt", "Range", "bytes=6-", "If-Range", etag).body()).isEqualTo("world");
        HttpResponse<String> stale = get("/a.txt", "Range", "bytes=6-", "If-Range", "\"old\"");
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.body()).isEqualTo("hello world");
    }

    @Test
    void headGetsTheLengthWithoutTheBodyAndOtherMethodsGet405() throws Exception {
        start("");
        String head = proxy.exchange("HEAD /a.txt HTTP/1.1\r\nHost: a\r\nRange: bytes=0-1\r\nConnection: close\r\n\r\n");
        assertThat(head).startsWith("HTTP/1.1 200 ").contains("Content-Length: 11\r\n").endsWith("\r\n\r\n");
        String post = proxy.exchange("POST /a.txt HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        assertThat(post).startsWith("HTTP/1.1 405 ").contains("Allow: GET, HEAD\r\n");
        assertThat(backend.received()).isEmpty();
    }

    @Test
    void aLargeFileIsStreamedWhole() throws Exception {
        byte[] block = new byte[1 << 20];
        new Random(7).nextBytes(block);
        MessageDigest expected = Sha256.digest();
        try (var out = Files.newOutputStream(root.resolve("big.bin"))) {
            for (int i = 0; i < 24; i++) {
                out.write(block);
                expected.update(block);
            }
        }
        start("");
        HttpResponse<InputStream> r = proxy.client().send(HttpRequest.newBuilder(proxy.uri("/big.bin")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.headers().firstValue("Content-Length")).contains(Integer.toString(24 << 20));
        assertThat(r.headers().firstValue("Content-Type")).contains("application/octet-stream");
        MessageDigest got = Sha256.digest();
        long n;
        try (InputStream in = r.body()) {
            n = Sha256.feed(got, in, Long.MAX_VALUE);
        }
        assertThat(n).isEqualTo(24L << 20);
        assertThat(got.digest()).isEqualTo(expected.digest());
    }

    @Test
    void pathsThatTryToLeaveTheRootAreRefused() throws Exception {
        start("");
        for (String target : new String[] {"/../etc/passwd", "/../outside/secret.txt", "/%2e%2e/outside/secret.txt",
                "/%2E%2E/%2e%2e/etc/passwd", "/a/..%2f..%2foutside/secret.txt", "/docs/..%2f..%2foutside%2fsecret.txt",
                "/a.txt%00.png", "/%00", "/..\\outside\\secret.txt", "/..%5c..%5coutside%5csecret.txt", "/docs/../../outside/secret.txt"}) {
            String answer = raw(target);
            assertThat(answer).as(target).startsWith("HTTP/1.1 400 ").doesNotContain(SECRET);
        }
        assertThat(backend.received()).isEmpty();
    }

    @Test
    void symlinksOutOfTheRootAreNotFollowedButThoseInsideAre() throws Exception {
        start("");
        assertThat(raw("/leak")).startsWith("HTTP/1.1 404 ").doesNotContain(SECRET);
        assertThat(raw("/leakdir/secret.txt")).startsWith("HTTP/1.1 404 ").doesNotContain(SECRET);
        assertThat(get("/alias.txt").body()).isEqualTo("hello world");
    }

    @Test
    void absolutePathsStayInsideTheRoot() throws Exception {
        start("");
        assertThat(raw("//etc/passwd")).startsWith("HTTP/1.1 404 ");
        assertThat(raw("/" + dir.resolve("outside/secret.txt"))).startsWith("HTTP/1.1 404 ").doesNotContain(SECRET);
    }

    @Test
    void hiddenFilesAreNotServedUnlessAllowed() throws Exception {
        start("");
        assertThat(raw("/.secret")).startsWith("HTTP/1.1 404 ").doesNotContain(SECRET);
        assertThat(raw("/%2esecret")).startsWith("HTTP/1.1 404 ").doesNotContain(SECRET);
        proxy.close();
        start("allow_hidden = true");
        assertThat(get("/.secret").body()).isEqualTo(SECRET);
        assertThat(raw("/../outside/secret.txt")).startsWith("HTTP/1.1 400 ");
    }

    @Test
    void extraMimeTypesAndTheDefaultTypeApply() throws Exception {
        Files.writeString(root.resolve("app.webapp"), "{}");
        Files.writeString(root.resolve("data.zzz"), "?");
        start("mime_types = { webapp = \"application/x-web-app-manifest+json\" }\ndefault_type = \"text/plain\"");
        assertThat(get("/app.webapp").headers().firstValue("Content-Type")).contains("application/x-web-app-manifest+json");
        assertThat(get("/data.zzz").headers().firstValue("Content-Type")).contains("text/plain");
    }

    @Test
    void aRelativeRootIsResolvedAgainstTheConfigFilesDirectory() throws Exception {
        // TestProxy writes its portico.toml into a fresh directory under java.io.tmpdir, a sibling
        // of this test's directory; the working directory of the test is elsewhere.
        proxy = TestProxy.start(TestProxy.oneCluster("", backend) + """
                [modules]
                enabled = ["static"]
                [modules.static]
                root = "../%s/www"
                """.formatted(dir.getFileName()));
        assertThat(get("/a.txt").body()).isEqualTo("hello world");
    }

    @Test
    void badSettingsAreLocatedConfigErrors() {
        assertThatThrownBy(() -> TestProxy.start(TestProxy.oneCluster("", backend) + """
                [modules]
                enabled = ["static"]
                [modules.static]
                root = "%s"
                prefix = "static"
                index = ["../index.html"]
                mime_types = { "tar.gz" = "application/gzip", txt = "nothing", log = 5 }
                colour = "red"
                """.formatted(dir.resolve("no-such-dir"))))
                .isInstanceOf(LoadedModules.ModuleConfigException.class)
                .hasMessageContaining("modules.static.root: \"" + dir.resolve("no-such-dir") + "\" cannot be served")
                .hasMessageMatching("(?s).*portico\\.toml:\\d+: modules\\.static\\.prefix: expected a decoded path starting with /.*")
                .hasMessageContaining("modules.static.index: \"../index.html\" is not a plain file name")
                .hasMessageContaining("modules.static.mime_types.\"tar.gz\": expected a file extension without the dot")
                .hasMessageContaining("modules.static.mime_types.txt: expected a media type like \"application/wasm\", got \"nothing\"")
                .hasMessageContaining("modules.static.mime_types.log: expected a string, got the integer 5")
                .hasMessageContaining("modules.static.colour: unknown key");
        assertThatThrownBy(() -> TestProxy.start(TestProxy.oneCluster("", backend) + """
                [modules]
                enabled = ["static"]
                """))
                .isInstanceOf(LoadedModules.ModuleConfigException.class)
                .hasMessageContaining("modules.static.root: required");
    }

    @Test
    void aFileIsReadFreshOnEachRequest() throws Exception {
        start("");
        assertThat(get("/a.txt").body()).isEqualTo("hello world");
        Files.writeString(root.resolve("a.txt"), "changed", StandardCharsets.UTF_8);
        assertThat(get("/a.txt").body()).isEqualTo("changed");
    }
}
