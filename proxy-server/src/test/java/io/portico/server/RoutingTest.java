package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.testing.RawRequest;
import io.portico.testing.RawResponse;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Requests reach the cluster their host and the product's route conditions choose. */
class RoutingTest {
    private static TestBackend web;
    private static TestBackend api;
    private static TestBackend statics;
    private static TestBackend admin;
    private static TestProxy proxy;

    @BeforeAll
    static void start() throws Exception {
        web = TestBackend.answering("web");
        api = TestBackend.answering("api");
        statics = TestBackend.answering("static");
        admin = TestBackend.answering("admin");
        proxy = TestProxy.start("""
                [server]
                default_product = "www"

                [hosts]
                "example.com" = "www"
                "*.example.com" = "www"
                "api.example.org" = "api"
                "*.internal.example.org" = "api"

                [[product.www.route]]
                condition = 'req_path_prefix_in("/static/|/img/", false)'
                cluster = "static"

                [[product.www.route]]
                condition = 'req_path_prefix_in("/admin", false) && req_header_value_in("X-Role", "ops", false)'
                cluster = "admin"

                [[product.www.route]]
                condition = "default_t()"
                cluster = "web"

                [[product.api.route]]
                condition = 'req_method_in("GET|HEAD") || req_query_key_in("force")'
                cluster = "api"

                [[cluster.web.subcluster.a.instance]]
                address = "%s"
                [[cluster.api.subcluster.a.instance]]
                address = "%s"
                [[cluster.static.subcluster.a.instance]]
                address = "%s"
                [[cluster.admin.subcluster.a.instance]]
                address = "%s"
                """.formatted(web.address(), api.address(), statics.address(), admin.address()));
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.close();
        for (TestBackend b : new TestBackend[] {web, api, statics, admin}) {
            b.close();
        }
    }

    private String body(String host, String method, String path, String... headers) throws Exception {
        String r = proxy.exchange(RawRequest.closing(method, path, host, headers));
        return r.startsWith("HTTP/1.1 200") ? RawResponse.body(r) : r.substring(0, 12);
    }

    @Test
    void pathPrefixesPickTheStaticCluster() throws Exception {
        assertThat(body("example.com", "GET", "/static/app.js")).isEqualTo("static");
        assertThat(body("example.com", "GET", "/img/logo.png")).isEqualTo("static");
        assertThat(body("example.com", "GET", "/IMG/logo.png")).isEqualTo("web");
    }

    @Test
    void conditionsCombineWithAnd() throws Exception {
        assertThat(body("example.com", "GET", "/admin/x", "X-Role: ops")).isEqualTo("admin");
        assertThat(body("example.com", "GET", "/admin/x", "X-Role: dev")).isEqualTo("web");
    }

    @Test
    void hostsPickTheProductExactWildcardAndDefault() throws Exception {
        assertThat(body("API.example.org:8080", "GET", "/")).isEqualTo("api");
        assertThat(body("a.b.internal.example.org", "GET", "/")).isEqualTo("api");
        assertThat(body("shop.example.com", "GET", "/")).isEqualTo("web");
        assertThat(body("unknown.net", "GET", "/")).isEqualTo("web");
    }

    @Test
    void aProductWithNoMatchingRouteAnswers404() throws Exception {
        assertThat(body("api.example.org", "DELETE", "/x")).isEqualTo("HTTP/1.1 404");
        assertThat(body("api.example.org", "DELETE", "/x?force=1")).isEqualTo("api");
    }

    @Test
    void theJdkClientIsRoutedByItsHostHeaderToo() throws Exception {
        var r = proxy.send(HttpRequest.newBuilder(proxy.uri("/static/a.css")));
        assertThat(r.body()).isEqualTo("static");
    }
}
