package io.portico.route;

import static io.portico.route.TestRequest.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RouteTableTest {
    private final RouteTable table = new RouteTable(List.of(
            new RouteRule(Conditions.compile("req_path_prefix_in(\"/static/|/img/\", false)"), "static"),
            new RouteRule(Conditions.compile("req_path_prefix_in(\"/api/\", false) && req_method_in(\"GET\")"), "api-read"),
            new RouteRule(Conditions.compile("req_path_prefix_in(\"/api/\", false)"), "api-write")));

    @Test
    void firstMatchingRuleWins() {
        assertThat(table.cluster(get("/static/app.js").build())).isEqualTo("static");
        assertThat(table.cluster(get("/api/users").build())).isEqualTo("api-read");
        assertThat(table.cluster(get("/api/users").method("POST").build())).isEqualTo("api-write");
    }

    @Test
    void noMatchingRuleGivesNull() {
        assertThat(table.cluster(get("/other").build())).isNull();
        assertThat(new RouteTable(List.of()).cluster(get("/").build())).isNull();
    }

    @Test
    void defaultRuleCatchesTheRest() {
        RouteTable withDefault = new RouteTable(List.of(
                new RouteRule(Conditions.compile("req_host_in(\"api.example.com\")"), "api"),
                new RouteRule(Conditions.compile("default_t()"), "web")));
        assertThat(withDefault.cluster(get("/").host("api.example.com").build())).isEqualTo("api");
        assertThat(withDefault.cluster(get("/").host("www.example.com").build())).isEqualTo("web");
        assertThat(withDefault.rules()).extracting(RouteRule::cluster).containsExactly("api", "web");
    }

    @Test
    void ruleNeedsConditionAndCluster() {
        assertThatThrownBy(() -> new RouteRule(null, "web")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new RouteRule(r -> true, null)).isInstanceOf(NullPointerException.class);
    }
}
