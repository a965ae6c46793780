package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.testing.Sha256;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** curl as a real client (installed by .ci/run): uploads with Expect: 100-continue, HEAD, keep-alive. */
@ParameterizedClass(name = "{0}")
@EnumSource(TestProxy.Transport.class)
class CurlTest {
    @Parameter
    TestProxy.Transport transport;

    private TestBackend backend;
    private TestProxy proxy;

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        backend.close();
    }

    /** curl with the proxy's options (over TLS: the test CA, and example.com resolved to loopback). */
    private String curl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--noproxy", "*", "--max-time", "20")); // never an http_proxy from the environment
        cmd.addAll(proxy.curlOptions());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void aLargeUploadWithExpectContinueArrivesIntact(@TempDir Path dir) throws Exception {
        backend = TestBackend.start((req, s, out) -> {
            TestBackend.ok(out, req.body().length + " " + Sha256.hex(req.body()) + " expect=" + req.header("Expect"));
        });
        proxy = TestProxy.start(transport, TestProxy.oneCluster("", backend));
        byte[] data = new byte[3 * 1024 * 1024];
        LargeBodyTest.fill(data, 0, data.length);
        Path file = Files.write(dir.resolve("upload.bin"), data);
        String sha = Sha256.hex(data);
        String verbose = curl("-v", "--http1.1", "--data-binary", "@" + file, proxy.namedUrl("/up"));
        assertThat(verbose).contains("> Expect: 100-continue").contains("< HTTP/1.1 100 Continue")
                .contains(data.length + " " + sha + " expect=null");
    }

    @Test
    void headAndKeepAliveAcrossSeveralUrls() throws Exception {
        backend = TestBackend.answering("hello");
        proxy = TestProxy.start(transport, TestProxy.oneCluster("", backend));
        String head = curl("-I", "--http1.1", proxy.namedUrl("/h"));
        assertThat(head).startsWith("HTTP/1.1 200 OK").contains("Content-Length: 5");
        String three = curl("--http1.1", proxy.namedUrl("/1"), proxy.namedUrl("/2"), proxy.namedUrl("/3"));
        assertThat(three).isEqualTo("hellohellohello");
        assertThat(backend.connections()).isLessThanOrEqualTo(2);
    }
}
