package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.server.snapshot.LoadedModules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The block module through a running proxy: closed at accept by address, refused by rule. */
class BlockModuleTest {
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

    private void start(String moduleSection) throws Exception {
        backend = TestBackend.answering("ok");
        proxy = TestProxy.start(TestProxy.oneCluster("", backend) + "[modules]\nenabled = [\"block\"]\n" + moduleSection);
    }

    /** What the proxy sends back before closing; empty if it closed (or reset) without a byte; fails if it held the connection. */
    private String answer(String raw) throws IOException {
        return proxy.answerOrClosed(raw);
    }

    @Test
    void aBlockedPeerIsClosedAtAcceptWithoutAnAnswerAndNeverReachesTheBackend() throws Exception {
        start("[modules.block]\nblocklist = [\"2001:db8::/32\", \"127.0.0.0/8\"]\n");
        assertThat(answer("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")).isEmpty();
        assertThat(backend.received()).isEmpty();
    }

    @Test
    void aPeerOutsideTheBlocklistAndItsFileIsServed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("blocked.txt");
        Files.writeString(file, "# nothing local\n10.0.0.0/8\n::1\n");
        start("[modules.block]\nblocklist = [\"192.0.2.0/24\"]\nblocklist_file = \"" + file + "\"\n");
        assertThat(proxy.get("/").statusCode()).isEqualTo(200);
        assertThat(backend.received()).hasSize(1);
    }

    @Test
    void aBlocklistFileEntryClosesTheConnection(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("blocked.txt");
        Files.writeString(file, "127.0.0.1/32 # the test client\n");
        // Relative to the config file, which TestProxy writes into a sibling of this temp directory.
        start("[modules.block]\nblocklist_file = \"../" + dir.getFileName() + "/blocked.txt\"\n");
        assertThat(answer("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")).isEmpty();
        assertThat(backend.received()).isEmpty();
    }

    @Test
    void aMatchingRuleAnswers403AndOthersPass() throws Exception {
        start("""
                [[modules.block.rule]]
                product = "www"
                condition = 'req_path_prefix_in("/admin/", false)'
                """);
        assertThat(proxy.get("/admin/users").statusCode()).isEqualTo(403);
        assertThat(proxy.get("/public").statusCode()).isEqualTo(200);
        assertThat(backend.received()).hasSize(1);
        assertThat(backend.last().requestLine()).isEqualTo("GET /public HTTP/1.1");
    }

    @Test
    void aCloseRuleClosesTheConnectionWithoutAnAnswer() throws Exception {
        start("""
                [[modules.block.rule]]
                condition = 'req_header_key_in("X-Evil")'
                action = "close"
                """);
        assertThat(answer("GET / HTTP/1.1\r\nHost: a\r\nX-Evil: 1\r\n\r\n")).isEmpty();
        assertThat(answer("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200");
        assertThat(backend.received()).hasSize(1);
    }

    @Test
    void anAllowRuleWrittenFirstLetsItsRequestsPastTheRulesAfterIt() throws Exception {
        start("""
                [[modules.block.rule]]
                condition = 'req_path_prefix_in("/admin/health", false)'
                action = "allow"
                [[modules.block.rule]]
                product = "www"
                condition = 'req_path_prefix_in("/admin/", false)'
                """);
        assertThat(proxy.get("/admin/health").statusCode()).isEqualTo(200);
        assertThat(proxy.get("/admin/users").statusCode()).isEqualTo(403);
        assertThat(backend.received()).hasSize(1);
        assertThat(backend.last().requestLine()).isEqualTo("GET /admin/health HTTP/1.1");
    }

    @Test
    void aRuleForAnotherProductDoesNotApply() throws Exception {
        start("""
                [[modules.block.rule]]
                product = "api"
                condition = "default_t()"
                """);
        assertThat(proxy.get("/").statusCode()).isEqualTo(200);
    }

    @Test
    void badSettingsAreReportedWithTheirLocation() {
        assertThatThrownBy(() -> start("""
                [modules.block]
                blocklist = ["10.0.0.0/40"]
                colour = "red"
                [[modules.block.rule]]
                action = "drop"
                [[modules.block.rule]]
                condition = 'req_path_in("/a")'
                """))
                .isInstanceOf(LoadedModules.ModuleConfigException.class)
                .hasMessageContaining("modules.block.blocklist: element 0: \"10.0.0.0/40\": prefix length must be 0..32")
                .hasMessageContaining("modules.block.colour: unknown key")
                .hasMessageContaining("modules.block.rule[0].condition: required")
                .hasMessageContaining("modules.block.rule[0].action: expected \"403\", \"close\" or \"allow\", got \"drop\"")
                .hasMessageContaining("modules.block.rule[1].condition: bad condition")
                .hasMessageMatching("(?s).*portico\\.toml:\\d+: modules\\.block\\.rule\\[0\\]\\.action.*");
    }
}
