package io.portico.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import io.portico.config.AdminConfig;
import io.portico.config.ConfigLoader;
import io.portico.server.PorticoServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin port's last line of defence: whatever fails inside a request is a 500 for it alone, logged, not a dead port. */
class AdminFailureTest {

    /** An exchange whose request cannot even be read: the failure an admin handler did not foresee. */
    static final class BrokenExchange extends HttpExchange {
        final Headers responseHeaders = new Headers();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        int status;

        @Override
        public URI getRequestURI() {
            throw new IllegalStateException("the request URI is broken");
        }

        @Override
        public String getRequestMethod() {
            return "GET";
        }

        @Override
        public Headers getRequestHeaders() {
            return new Headers();
        }

        @Override
        public Headers getResponseHeaders() {
            return responseHeaders;
        }

        @Override
        public HttpContext getHttpContext() {
            return null;
        }

        @Override
        public void close() {
        }

        @Override
        public InputStream getRequestBody() {
            return new ByteArrayInputStream(new byte[0]);
        }

        @Override
        public OutputStream getResponseBody() {
            return body;
        }

        @Override
        public void sendResponseHeaders(int rCode, long responseLength) {
            status = rCode;
        }

        @Override
        public InetSocketAddress getRemoteAddress() {
            return new InetSocketAddress("127.0.0.1", 1);
        }

        @Override
        public int getResponseCode() {
            return status;
        }

        @Override
        public InetSocketAddress getLocalAddress() {
            return new InetSocketAddress("127.0.0.1", 2);
        }

        @Override
        public String getProtocol() {
            return "HTTP/1.1";
        }

        @Override
        public Object getAttribute(String name) {
            return null;
        }

        @Override
        public void setAttribute(String name, Object value) {
        }

        @Override
        public void setStreams(InputStream i, OutputStream o) {
        }

        @Override
        public HttpPrincipal getPrincipal() {
            return null;
        }
    }

    @Test
    void anUnforeseenFailureIsA500ForThatRequestAndThePortKeepsServing(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("portico.toml"), """
                [[listener]]
                address = "127.0.0.1:0"
                [server]
                default_product = "www"
                [[product.www.route]]
                condition = "default_t()"
                cluster = "web"
                [[cluster.web.subcluster.a.instance]]
                address = "127.0.0.1:9"
                """);
        try (PorticoServer server = PorticoServer.start(ConfigLoader.load(file))) {
            AdminServer admin = AdminServer.start(new AdminConfig(true, "127.0.0.1", 0, Optional.empty()), server);
            try {
                BrokenExchange broken = new BrokenExchange();
                admin.handle(broken);
                assertThat(broken.status).isEqualTo(500);
                assertThat(broken.body.toString(StandardCharsets.UTF_8)).isEqualTo("internal error\n");
                var healthz = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + admin.address().getPort() + "/healthz")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(healthz.statusCode()).as("the next request is served").isEqualTo(200);
            } finally {
                admin.close();
            }
        }
    }
}
