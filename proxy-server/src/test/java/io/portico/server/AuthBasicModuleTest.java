package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.server.snapshot.LoadedModules;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** auth_basic through a running proxy, with hashes written by the real htpasswd (apache2-utils 2.4). */
class AuthBasicModuleTest {
    private static final String USERS = """
            alice:$2y$05$2GUTzWW78jVO/90Gmnmt.eG1WBKasQiVr/M8wv0aQWtVRd2lOvtpa
            bob:$apr1$BP/IGY/S$SEKc1g/kvEqBcdU2gdILw.
            carol:{SHA}/vNB+F2HQ559kaLUZbmHHvZrXpg=
            """;

    @TempDir
    Path dir;
    private TestBackend backend;
    private TestProxy proxy;

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    /** The user file is named relative to the config file, which TestProxy writes into a sibling of {@code dir}. */
    private void start(String users, String extraKeys) throws Exception {
        Path file = dir.resolve("htpasswd");
        Files.writeString(file, users);
        backend = TestBackend.answering("secret stuff");
        proxy = TestProxy.start(TestProxy.oneCluster("", backend) + """
                [modules]
                enabled = ["auth_basic"]
                [modules.auth_basic]
                user_file = "../%s/htpasswd"
                realm = "Staff \\"only\\""
                %s
                """.formatted(dir.getFileName(), extraKeys));
    }

    private HttpResponse<String> get(String path, String user, String password) throws Exception {
        String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return proxy.send(HttpRequest.newBuilder(proxy.uri(path)).header("Authorization", "Basic " + token));
    }

    @Test
    void aRequestWithoutCredentialsGets401WithTheChallengeAndNeverReachesTheBackend() throws Exception {
        start(USERS, "");
        HttpResponse<String> r = proxy.get("/");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"Staff \\\"only\\\"\", charset=\"UTF-8\"");
        assertThat(backend.received()).isEmpty();
    }

    @Test
    void eachHtpasswdFormatLetsItsUserInAndTheAuthorizationIsNotForwarded() throws Exception {
        start(USERS, "");
        assertThat(get("/", "alice", "wonderland").statusCode()).isEqualTo(200);
        assertThat(get("/", "bob", "builder").statusCode()).isEqualTo(200);
        assertThat(get("/", "carol", "s3cret").body()).isEqualTo("secret stuff");
        assertThat(backend.received()).hasSize(3).allSatisfy(req -> assertThat(req.header("Authorization")).isNull());
    }

    @Test
    void wrongPasswordsUnknownUsersAndOtherSchemesGet401() throws Exception {
        start(USERS, "");
        assertThat(get("/", "alice", "Wonderland").statusCode()).isEqualTo(401);
        assertThat(get("/", "mallory", "wonderland").statusCode()).isEqualTo(401);
        assertThat(proxy.send(HttpRequest.newBuilder(proxy.uri("/")).header("Authorization", "Bearer x")).statusCode())
                .isEqualTo(401);
        assertThat(proxy.exchange("GET / HTTP/1.1\r\nHost: a\r\nAuthorization: Basic %%%\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 401");
        assertThat(backend.received()).isEmpty();
    }

    @Test
    void forwardAuthorizationKeepsTheField() throws Exception {
        start(USERS, "forward_authorization = true");
        assertThat(get("/", "bob", "builder").statusCode()).isEqualTo(200);
        assertThat(backend.last().header("Authorization")).startsWith("Basic ");
    }

    @Test
    void onlyRequestsMatchingTheConditionNeedCredentials() throws Exception {
        start(USERS, "condition = 'req_path_prefix_in(\"/admin/\", false)'");
        assertThat(proxy.get("/public").statusCode()).isEqualTo(200);
        assertThat(proxy.get("/admin/x").statusCode()).isEqualTo(401);
        assertThat(get("/admin/x", "carol", "s3cret").statusCode()).isEqualTo(200);
    }

    @Test
    void badSettingsAreReportedWithTheirLocation() {
        assertThatThrownBy(() -> start("dave:plaintext\n", "realm2 = 1"))
                .isInstanceOf(LoadedModules.ModuleConfigException.class)
                .hasMessageMatching("(?s).*portico\\.toml:\\d+: modules\\.auth_basic\\.user_file: .*htpasswd:1: "
                        + "user \"dave\": unsupported password hash.*")
                .hasMessageContaining("modules.auth_basic.realm2: unknown key");
        assertThatThrownBy(() -> TestProxy.start(TestProxy.oneCluster("", backend)
                + "[modules]\nenabled = [\"auth_basic\"]\n"))
                .isInstanceOf(LoadedModules.ModuleConfigException.class)
                .hasMessageContaining("modules.auth_basic.user_file: required");
    }
}
