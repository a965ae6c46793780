package io.portico.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.config.AdminConfig;
import io.portico.config.ConfigLoader;
import io.portico.module.SimpleMetricsRegistry;
import io.portico.server.PorticoServer;
import io.portico.server.metrics.ServerMetrics;
import io.portico.server.snapshot.Snapshot;
import io.portico.server.tls.OcspStapling;
import io.portico.server.upstream.Upstreams;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin port's last line of defence: whatever fails inside a request is a 500 for it alone, logged, not a dead port. */
class AdminFailureTest {

    /** The running server, except that the OCSP view /metrics reads is broken: the failure an endpoint did not foresee. */
    record BrokenView(PorticoServer s) implements ServerView {
        public String version() {
            return s.version();
        }

        public Snapshot snapshot() {
            return s.snapshot();
        }

        public ServerMetrics metrics() {
            return s.metrics();
        }

        public SimpleMetricsRegistry moduleMetrics() {
            return s.moduleMetrics();
        }

        public OcspStapling stapling() {
            throw new IllegalStateException("the stapling view is broken");
        }

        public Upstreams upstreams() {
            return s.upstreams();
        }

        public List<InetSocketAddress> listenerAddresses() {
            return s.listenerAddresses();
        }

        public long startedMillis() {
            return s.startedMillis();
        }

        public boolean stopping() {
            return s.stopping();
        }

        public boolean warmingUp() {
            return s.warmingUp();
        }

        public long reload() {
            return s.reload();
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
        try (PorticoServer server = PorticoServer.start(ConfigLoader.load(file));
             AdminServer admin = AdminServer.start(new AdminConfig(true, "127.0.0.1", 0, Optional.empty()), new BrokenView(server))) {
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> metrics = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + admin.address().getPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(500);
            assertThat(metrics.body()).isEqualTo("internal error\n");
            HttpResponse<String> healthz = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + admin.address().getPort() + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(healthz.statusCode()).as("the next request is served").isEqualTo(200);
        }
    }
}
