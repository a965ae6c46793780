package io.portico.route;

import static io.portico.route.TestRequest.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TagPrimitivesTest {

    private static boolean matches(String condition, Map<String, String> tags) {
        return Conditions.compile(condition).test(get("/").build().tags(tags));
    }

    @Test
    void tagMatchIsTrueWhenTheTagHasExactlyThatValue() {
        String c = "req_tag_match(\"tier\", \"gold\")";
        assertThat(matches(c, Map.of("tier", "gold"))).isTrue();
        assertThat(matches(c, Map.of("tier", "Gold"))).isFalse();
        assertThat(matches(c, Map.of("tier", "gold-plus"))).isFalse();
        assertThat(matches(c, Map.of("other", "gold"))).isFalse();
    }

    @Test
    void tagMatchIsFalseOnAnUntaggedRequest() {
        assertThat(Conditions.compile("req_tag_match(\"tier\", \"gold\")").test(get("/").build())).isFalse();
        assertThat(Conditions.compile("!req_tag_match(\"tier\", \"\")").test(get("/").build())).isTrue();
    }

    @Test
    void tagMatchReadsTheLiveTagsAsTheyChange() {
        Map<String, String> tags = new LinkedHashMap<>();
        RouteRequest request = get("/").build().tags(tags);
        Condition c = Conditions.compile("req_tag_match(\"tier\", \"gold\") && req_path_in(\"/\", false)");
        assertThat(c.test(request)).isFalse();
        tags.put("tier", "gold");
        assertThat(c.test(request)).isTrue();
    }

    @Test
    void tagMatchTakesTwoStrings() {
        assertThatThrownBy(() -> Conditions.compile("req_tag_match(\"tier\")"))
                .isInstanceOf(ConditionException.class)
                .hasMessageContaining("req_tag_match(tag_name, tag_value)");
        assertThatThrownBy(() -> Conditions.compile("req_tag_match(\"tier\", true)"))
                .isInstanceOf(ConditionException.class)
                .hasMessageContaining("tag_value");
    }
}
