package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.server.snapshot.LoadedModules;
import io.portico.testing.RawRequest;
import io.portico.testing.RawResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TagModuleTest {
    private TestBackend web;
    private TestBackend premium;
    private TestProxy proxy;

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        for (TestBackend b : new TestBackend[] {web, premium}) {
            if (b != null) {
                b.close();
            }
        }
    }

    private void start(String modules) throws Exception {
        start("req_tag_match(\"tier\", \"gold\")", modules);
    }

    private void start(String premiumCondition, String modules) throws Exception {
        web = TestBackend.answering("web");
        premium = TestBackend.answering("premium");
        proxy = TestProxy.start("""
                [server]
                default_product = "www"

                [[product.www.route]]
                condition = '%s'
                cluster = "premium"

                [[product.www.route]]
                condition = "default_t()"
                cluster = "web"

                [[cluster.web.subcluster.a.instance]]
                address = "%s"
                [[cluster.premium.subcluster.a.instance]]
                address = "%s"

                [modules]
                enabled = ["tag"]
                """.formatted(premiumCondition, web.address(), premium.address()) + modules);
    }

    private String body(String path, String... headers) throws Exception {
        return RawResponse.body(proxy.exchange(RawRequest.closing("GET", path, "a", headers)));
    }

    @Test
    void aTagSetByTheModuleSelectsTheRoute() throws Exception {
        start("""
                [[modules.tag.rule]]
                condition = 'req_header_value_in("X-Plan", "gold", false)'
                tag = { tier = "gold" }
                """);
        assertThat(body("/", "X-Plan: gold")).isEqualTo("premium");
        assertThat(body("/", "X-Plan: free")).isEqualTo("web");
        assertThat(body("/")).isEqualTo("web");
    }

    @Test
    void aRuleForAnotherProductSetsNoTag() throws Exception {
        start("""
                [[modules.tag.rule]]
                product = "api"
                condition = 'req_header_value_in("X-Plan", "gold", false)'
                tag = { tier = "gold" }
                """);
        assertThat(body("/", "X-Plan: gold")).isEqualTo("web");
    }

    @Test
    void oneRuleSetsSeveralTagsAndTheBfeFormAddsOneMore() throws Exception {
        start("req_tag_match(\"tier\", \"gold\") && req_tag_match(\"zone\", \"eu\") && req_tag_match(\"plan\", \"\")", """
                [[modules.tag.rule]]
                condition = 'req_path_prefix_in("/eu", false)'
                tag = { tier = "gold", zone = "eu" }
                tag_name = "plan"
                tag_value = ""

                [[modules.tag.rule]]
                condition = 'req_path_prefix_in("/eu/basic", false)'
                tag = { zone = "basic" }
                """);
        assertThat(body("/eu/x")).isEqualTo("premium");
        assertThat(body("/eu/basic")).isEqualTo("web");
        assertThat(body("/us")).isEqualTo("web");
    }

    @Test
    void laterRulesOverwriteUnlessAnEarlierMatchingRuleIsLast() throws Exception {
        start("""
                [[modules.tag.rule]]
                condition = 'req_path_prefix_in("/vip", false)'
                tag_name = "tier"
                tag_value = "gold"
                last = true

                [[modules.tag.rule]]
                condition = 'req_path_prefix_in("/v", false)'
                tag_name = "tier"
                tag_value = "silver"

                [[modules.tag.rule]]
                condition = 'req_path_prefix_in("/va", false)'
                tag_name = "tier"
                tag_value = "gold"
                """);
        assertThat(body("/vip")).isEqualTo("premium");
        assertThat(body("/vx")).isEqualTo("web");
        assertThat(body("/va")).isEqualTo("premium");
    }

    @Test
    void aClientCannotSetATagWithAHeader() throws Exception {
        start("""
                [[modules.tag.rule]]
                condition = 'req_path_in("/never", false)'
                tag_name = "tier"
                tag_value = "gold"
                """);
        assertThat(body("/", "tier: gold", "X-Tag-Tier: gold")).isEqualTo("web");
    }

    @Test
    void badRulesAreLocatedConfigErrors() {
        assertThatThrownBy(() -> start("""
                [[modules.tag.rule]]
                condition = 'req_path_in("/", false'
                tag_value = "x"
                colour = "red"

                [[modules.tag.rule]]
                tag = { tier = 1, "" = "x" }

                [[modules.tag.rule]]
                tag = ["tier=gold"]

                [[modules.tag.rule]]
                last = true
                """))
                .isInstanceOf(LoadedModules.ModuleConfigException.class)
                .hasMessageMatching("(?s).*portico\\.toml:\\d+: modules\\.tag\\.rule\\[0\\]\\.condition: bad condition.*")
                .hasMessageContaining("modules.tag.rule[0].tag_name: required")
                .hasMessageContaining("modules.tag.rule[0].colour: unknown key")
                .hasMessageContaining("modules.tag.rule[1].tag.tier: expected a string, got the integer 1")
                .hasMessageContaining("modules.tag.rule[1].tag: a tag name must not be empty")
                .hasMessageContaining("modules.tag.rule[2].tag: expected a table of strings")
                .hasMessageContaining("modules.tag.rule[3].tag: required: the tags to set");
    }

    @Test
    void aTagModuleWithoutRulesIsRefused() {
        assertThatThrownBy(() -> start(""))
                .isInstanceOf(LoadedModules.ModuleConfigException.class)
                .hasMessageContaining("modules.tag.rule: at least one [[modules.tag.rule]] is required");
    }
}
