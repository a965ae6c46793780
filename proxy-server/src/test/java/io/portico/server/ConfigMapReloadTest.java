package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.config.ConfigLoader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kubernetes mounts a ConfigMap as files that point through a {@code ..data} symlink, and
 * updates it by swapping that symlink atomically: the proxy must notice and reload.
 */
class ConfigMapReloadTest {

    private static String config(TestBackend backend) {
        return """
                [[listener]]
                name = "k8s"
                address = "127.0.0.1:0"
                """ + TestProxy.oneCluster("", backend);
    }

    @Test
    void aConfigMapStyleSymlinkSwapIsReloaded(@TempDir Path mount) throws Exception {
        try (TestBackend one = TestBackend.answering("one");
                TestBackend two = TestBackend.answering("two")) {
            Path v1 = Files.createDirectory(mount.resolve("..2026_11_22_v1"));
            Files.writeString(v1.resolve("portico.toml"), config(one));
            Files.createSymbolicLink(mount.resolve("..data"), v1.getFileName());
            Files.createSymbolicLink(mount.resolve("portico.toml"), Path.of("..data/portico.toml"));

            PorticoServer server = PorticoServer.start(ConfigLoader.load(mount.resolve("portico.toml")));
            try {
                HttpClient client = HttpClient.newHttpClient();
                URI uri = URI.create("http://127.0.0.1:" + server.listenerAddresses().get(0).getPort() + "/");
                assertThat(client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body())
                        .isEqualTo("one");

                Path v2 = Files.createDirectory(mount.resolve("..2026_11_22_v2"));
                Files.writeString(v2.resolve("portico.toml"), config(two));
                Path tmp = mount.resolve("..data_tmp");
                Files.createSymbolicLink(tmp, v2.getFileName());
                Files.move(tmp, mount.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);

                Wait.until(() -> server.snapshot().version() != 1, "the swapped link to be reloaded");
                assertThat(client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body())
                        .isEqualTo("two");
            } finally {
                server.close();
            }
        }
    }
}
