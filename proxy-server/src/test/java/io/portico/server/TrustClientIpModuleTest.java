package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.server.snapshot.LoadedModules;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** trust_client_ip through a running proxy; the test client (the TCP peer) is 127.0.0.1. */
class TrustClientIpModuleTest {
    private TestBackend backend;
    private TestBackend other;
    private TestProxy proxy;

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (backend != null) {
            backend.close();
        }
        if (other != null) {
            other.close();
        }
    }

    private void start(String trusted) throws Exception {
        backend = TestBackend.answering("ok");
        proxy = TestProxy.start(TestProxy.oneCluster("", backend) + """
                [modules]
                enabled = ["trust_client_ip"]
                [modules.trust_client_ip]
                trusted = %s
                """.formatted(trusted));
    }

    @Test
    void aSpoofedForwardedForFromAnUntrustedPeerIsIgnored() throws Exception {
        start("[\"10.0.0.0/8\"]");
        proxy.send(HttpRequest.newBuilder(proxy.uri("/")).header("X-Forwarded-For", "1.2.3.4")
                .header("X-Real-IP", "5.6.7.8"));
        TestBackend.Received got = backend.last();
        assertThat(got.header("X-Real-IP")).isEqualTo("127.0.0.1");
        assertThat(got.header("X-Forwarded-For")).endsWith(", 127.0.0.1");
    }

    @Test
    void aTrustedPeerReportsTheRightMostUntrustedAddress() throws Exception {
        start("[\"127.0.0.0/8\", \"10.0.0.0/8\"]");
        proxy.send(HttpRequest.newBuilder(proxy.uri("/")).header("X-Forwarded-For", "192.0.2.66, 198.51.100.7, 10.1.2.3"));
        assertThat(backend.last().header("X-Real-IP")).isEqualTo("198.51.100.7");
        // The chain grows by the hop that really connected, not by the address derived from it.
        assertThat(backend.last().header("X-Forwarded-For")).isEqualTo("192.0.2.66, 198.51.100.7, 10.1.2.3, 127.0.0.1");
    }

    @Test
    void aTrustedPeerWithoutForwardedForFallsBackToXRealIp() throws Exception {
        start("[\"127.0.0.1/32\"]");
        proxy.send(HttpRequest.newBuilder(proxy.uri("/")).header("X-Real-IP", "203.0.113.5"));
        assertThat(backend.last().header("X-Real-IP")).isEqualTo("203.0.113.5");
    }

    private void startRouting(String trusted) throws Exception {
        backend = TestBackend.answering("trusted");
        other = TestBackend.answering("untrusted");
        proxy = TestProxy.start("""
                [server]
                default_product = "www"

                [[product.www.route]]
                condition = "req_cip_trusted()"
                cluster = "inside"

                [[product.www.route]]
                condition = "default_t()"
                cluster = "outside"

                [[cluster.inside.subcluster.dc1.instance]]
                address = "%s"

                [[cluster.outside.subcluster.dc1.instance]]
                address = "%s"

                [modules]
                enabled = ["trust_client_ip"]
                [modules.trust_client_ip]
                trusted = %s
                """.formatted(backend.address(), other.address(), trusted));
    }

    @Test
    void reqCipTrustedRoutesRequestsFromTrustedPeers() throws Exception {
        startRouting("[\"127.0.0.0/8\"]");
        assertThat(proxy.get("/").body()).isEqualTo("trusted");
    }

    @Test
    void aTrustedFileNamedRelativeToTheConfigFileIsRead(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("trusted.txt"), "# the test client\n127.0.0.1/32\n");
        // TestProxy writes its config into a sibling of this temp directory.
        startRouting("[]\ntrusted_file = \"../" + dir.getFileName() + "/trusted.txt\"");
        assertThat(proxy.get("/").body()).isEqualTo("trusted");
    }

    @Test
    void reqCipTrustedIsFalseForOtherPeersWhateverTheyClaim() throws Exception {
        startRouting("[\"10.0.0.0/8\"]");
        assertThat(proxy.send(HttpRequest.newBuilder(proxy.uri("/")).header("X-Forwarded-For", "10.0.0.1")).body())
                .isEqualTo("untrusted");
    }

    @Test
    void badSettingsAreReportedWithTheirLocation() {
        assertThatThrownBy(() -> start("[\"10.0.0.0/8\", \"example.com\"]"))
                .isInstanceOf(LoadedModules.ModuleConfigException.class)
                .hasMessageMatching("(?s).*portico\\.toml:\\d+: modules\\.trust_client_ip\\.trusted: element 1: "
                        + "\"example.com\" is not a CIDR block.*");
        assertThatThrownBy(() -> TestProxy.start(TestProxy.oneCluster("", backend)
                + "[modules]\nenabled = [\"trust_client_ip\"]\n"))
                .isInstanceOf(LoadedModules.ModuleConfigException.class)
                .hasMessageContaining("modules.trust_client_ip.trusted: required");
    }
}
