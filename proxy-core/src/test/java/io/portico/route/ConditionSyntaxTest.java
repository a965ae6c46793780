package io.portico.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConditionSyntaxTest {
    private static final String A = "req_header_key_in(\"A\")";
    private static final String B = "req_header_key_in(\"B\")";
    private static final String C = "req_header_key_in(\"C\")";

    /** Evaluates the expression (written with a, b, c) for every combination of the headers A, B and C. */
    private static void assertTruthTable(String expression, Formula expected) {
        Condition condition = Conditions.compile(expression.replace("a", A).replace("b", B).replace("c", C));
        for (int bits = 0; bits < 8; bits++) {
            boolean a = (bits & 1) != 0;
            boolean b = (bits & 2) != 0;
            boolean c = (bits & 4) != 0;
            TestRequest r = TestRequest.get("/");
            if (a) {
                r.header("A", "1");
            }
            if (b) {
                r.header("B", "1");
            }
            if (c) {
                r.header("C", "1");
            }
            assertThat(condition.test(r.build())).as("%s with a=%s b=%s c=%s", expression, a, b, c)
                    .isEqualTo(expected.eval(a, b, c));
        }
    }

    private interface Formula {
        boolean eval(boolean a, boolean b, boolean c);
    }

    private static void assertError(String expression, int position, String... messageParts) {
        assertThatThrownBy(() -> Conditions.compile(expression))
                .isInstanceOf(ConditionException.class)
                .satisfies(e -> assertThat(((ConditionException) e).position()).as("position of: " + e.getMessage()).isEqualTo(position))
                .satisfies(e -> assertThat(e.getMessage()).contains(messageParts));
    }

    @Test
    void notBindsTighterThanAndWhichBindsTighterThanOr() {
        assertTruthTable("a || b && !c", (a, b, c) -> a || (b && !c));
        assertTruthTable("a && b || c", (a, b, c) -> (a && b) || c);
        assertTruthTable("!a && b", (a, b, c) -> !a && b);
        assertTruthTable("!a || b && c", (a, b, c) -> !a || (b && c));
    }

    @Test
    void parenthesesOverridePrecedence() {
        assertTruthTable("(a || b) && !c", (a, b, c) -> (a || b) && !c);
        assertTruthTable("!(a || b)", (a, b, c) -> !(a || b));
        assertTruthTable("((a)) && ((b || c))", (a, b, c) -> a && (b || c));
        assertTruthTable("!!a", (a, b, c) -> a);
    }

    @Test
    void whitespaceAndCommentsMayAppearAnywhere() {
        assertTruthTable(" \t( a\n||\r\nb ) &&! c // trailing comment", (a, b, c) -> (a || b) && !c);
        assertThat(Conditions.compile("req_path_in (\n\"/x\" ,\tfalse )").test(TestRequest.get("/x").build())).isTrue();
    }

    @Test
    void defaultTrueMatchesEverything() {
        assertThat(Conditions.compile("default_t()").test(TestRequest.get("/").build())).isTrue();
        assertThat(Conditions.compile("!default_t()").test(TestRequest.get("/").build())).isFalse();
    }

    @Test
    void doubleQuotedStringsUnescapeQuoteAndBackslash() {
        Condition c = Conditions.compile("req_header_value_in(\"X\", \"say \\\"hi\\\" \\\\o/\", false)");
        assertThat(c.test(TestRequest.get("/").header("X", "say \"hi\" \\o/").build())).isTrue();
        assertThat(c.test(TestRequest.get("/").header("X", "say hi o/").build())).isFalse();
    }

    @Test
    void backQuotedRawStringsKeepBackslashesAndMaySpanLines() {
        Condition c = Conditions.compile("req_path_regmatch(`^/a\\.b$`)");
        assertThat(c.test(TestRequest.get("/a.b").build())).isTrue();
        assertThat(c.test(TestRequest.get("/aXb").build())).isFalse();
        Condition multi = Conditions.compile("req_header_value_in(\"X\", `a|\r\nb`, false)");
        assertThat(multi.test(TestRequest.get("/").header("X", "\nb").build())).isTrue();
    }

    @Test
    void unknownPrimitiveIsReportedAtItsNameWithASuggestion() {
        String e = "default_t() && req_path_inn(\"/a\", false)";
        assertError(e, e.indexOf("req_path_inn"), "unknown primitive 'req_path_inn'", "did you mean req_path_in?");
        assertError("foo()", 0, "unknown primitive 'foo'");
    }

    @Test
    void bfePrimitivesPorticoLacksAreNamedAsSuch() {
        assertError("res_code_in(\"200\")", 0, "res_code_in", "not supported by Portico");
    }

    @Test
    void tooFewArgumentsAreReportedAtTheClosingParenthesis() {
        String e = "req_path_in(\"/a\")";
        assertError(e, e.indexOf(')'), "req_path_in expects 2 arguments (path_list, case_insensitive), got 1");
        assertError("req_host_in()", 12, "req_host_in expects 1 argument (host_list), got 0");
    }

    @Test
    void tooManyArgumentsAreReportedAtTheFirstExtraOne() {
        String e = "req_path_in(\"/a\", false, true)";
        assertError(e, e.indexOf("true"), "req_path_in expects 2 arguments", "got 3");
        assertError("default_t(\"x\")", 10, "default_t takes no arguments");
    }

    @Test
    void wrongArgumentTypeIsReportedAtTheArgument() {
        String e = "req_path_in(\"/a\", \"false\")";
        assertError(e, e.indexOf("\"false\""), "req_path_in: argument 2 (case_insensitive) must be a bool (true or false), found a string");
        String f = "req_host_in(true)";
        assertError(f, f.indexOf("true"), "req_host_in: argument 1 (host_list) must be a string, found a bool true");
        String g = "req_port_in(8080)";
        assertError(g, g.indexOf("8080"), "req_port_in: argument 1 (port_list) must be a string, found an integer 8080");
    }

    @Test
    void badArgumentValuesAreReportedAtTheArgument() {
        String ip = "req_cip_range(\"10.0.0.1\", \"10.0.0.256\")";
        assertError(ip, ip.indexOf("\"10.0.0.256\""), "req_cip_range: '10.0.0.256' is not an IP address");
        String order = "req_vip_range(\"10.0.0.9\", \"10.0.0.1\")";
        assertError(order, order.indexOf("\"10.0.0.1\""), "req_vip_range: end_ip 10.0.0.1 is before start_ip 10.0.0.9");
        String family = "ses_sip_range(\"10.0.0.1\", \"::1\")";
        assertError(family, family.indexOf("\"::1\""), "ses_sip_range", "both be IPv4 or both IPv6");
        String list = "req_vip_in(\"10.0.0.1|nope\")";
        assertError(list, list.indexOf('"'), "req_vip_in: 'nope' is not an IP address");
        String regex = "req_path_regmatch(\"/a(b\")";
        assertError(regex, regex.indexOf('"'), "req_path_regmatch: bad regular expression");
        String port = "req_port_in(\"80|http\")";
        assertError(port, port.indexOf('"'), "req_port_in: port 'http'", "expected a number 0-65535");
        String hostPort = "req_host_in(\"example.com:80\")";
        assertError(hostPort, hostPort.indexOf('"'), "req_host_in: host 'example.com:80' must not include a port");
    }

    @Test
    void badHashBucketsAreReportedAtTheArgument() {
        String base = "req_header_value_hash_in(\"X\", ";
        int at = base.length();
        assertError(base + "\"10000\", false)", at, "bucket '10000'", "expected a number 0-9999");
        assertError(base + "\"200-100\", false)", at, "bucket range '200-100' ends before it starts");
        assertError(base + "\"1-2-3\", false)", at, "more than one '-'");
        assertError(base + "\"1||2\", false)", at, "an empty bucket");
        assertError(base + "\"-1\", false)", at, "an empty bucket");
        assertError("req_cip_hash_in(\"x\")", 16, "req_cip_hash_in: bucket 'x'");
    }

    @Test
    void badTimesAreReportedAtTheArgument() {
        String fmt = "bfe_time_range(\"2019020420300H\", \"20190204204500H\")";
        assertError(fmt, fmt.indexOf('"'), "bfe_time_range", "yyyymmddhhmmssZ");
        String date = "bfe_time_range(\"20190204203000H\", \"20190230204500H\")";
        assertError(date, date.indexOf("\"2019023"), "bfe_time_range", "not a valid date");
        String zone = "bfe_time_range(\"20190204203000J\", \"20190204204500H\")";
        assertError(zone, zone.indexOf('"'), "not a time-zone letter");
        String order = "bfe_time_range(\"20190204204500H\", \"20190204203000H\")";
        assertError(order, order.indexOf("\"20190204203000H\""), "end_time 20190204203000H is before start_time");
        String daily = "bfe_periodic_time_range(\"203000H\", \"246000H\", \"\")";
        assertError(daily, daily.indexOf("\"246000H\""), "bfe_periodic_time_range", "not a valid time of day");
        String zones = "bfe_periodic_time_range(\"203000H\", \"204500Z\", \"\")";
        assertError(zones, zones.indexOf("\"204500Z\""), "same time zone");
        String wrap = "bfe_periodic_time_range(\"230000H\", \"010000H\", \"\")";
        assertError(wrap, wrap.indexOf("\"010000H\""), "across midnight");
        String period = "bfe_periodic_time_range(\"203000H\", \"204500H\", \"week\")";
        assertError(period, period.indexOf("\"week\""), "period must be \"\"");
    }

    @Test
    void unbalancedParenthesesAreReported() {
        String open = "(default_t() && (default_t()";
        assertError(open, open.length(), "expected ')' to close the '(' at 16, found the end of the condition");
        String close = "default_t())";
        assertError(close, 11, "found ')' after a complete condition", "no matching '('");
        assertError("req_path_in(\"/a\", false", 23, "req_path_in: expected ',' or ')' after argument 2");
    }

    @Test
    void trailingGarbageIsReportedWhereItStarts() {
        assertError("default_t() default_t()", 12, "found 'default_t' after a complete condition");
        assertError("default_t() \"x\"", 12, "found a string after a complete condition");
    }

    @Test
    void malformedOperatorsAndTokensAreReported() {
        assertError("default_t() & default_t()", 12, "single '&'", "'&&'");
        assertError("default_t() | default_t()", 12, "single '|'");
        assertError("&& default_t()", 0, "expected a primitive, '(' or '!', found '&&'");
        assertError("default_t() &&", 14, "expected a primitive, '(' or '!', found the end of the condition");
        assertError("default_t() # x", 12, "unexpected character '#'");
        assertError("$news && default_t()", 0, "condition variables");
        assertError("true", 0, "a bare true is not a condition");
        assertError("default_t", 9, "expected '(' after default_t", "write default_t()");
        assertError("req_path_in(\"/a\" false)", 17, "expected ',' or ')' after argument 1");
        assertError("req_path_in(, false)", 12, "req_path_in: expected an argument", "found ','");
    }

    @Test
    void emptyConditionIsReported() {
        assertError("", 0, "empty condition");
        assertError("   ", 3, "empty condition");
        assertError("// only a comment", 17, "empty condition");
        assertThatThrownBy(() -> Conditions.compile(null)).isInstanceOf(ConditionException.class);
    }

    @Test
    void badStringsAreReportedAtTheirStartOrTheirBadEscape() {
        assertError("req_host_in(\"example.com)", 12, "string not terminated");
        assertError("req_host_in(\"a\nb\")", 12, "string not terminated");
        assertError("req_host_in(`example.com)", 12, "raw string not terminated");
        String escape = "req_path_regmatch(\"\\d+\")";
        assertError(escape, escape.indexOf('\\'), "unknown escape '\\d'", "raw string");
    }

    @Test
    void nestingBeyondTheLimitIsRefused() {
        String deep = "(".repeat(ConditionParser.MAX_DEPTH + 1) + "default_t()" + ")".repeat(ConditionParser.MAX_DEPTH + 1);
        assertError(deep, ConditionParser.MAX_DEPTH, "nested deeper than");
        String ok = "(".repeat(ConditionParser.MAX_DEPTH) + "default_t()" + ")".repeat(ConditionParser.MAX_DEPTH);
        assertThat(Conditions.compile(ok).test(TestRequest.get("/").build())).isTrue();
        assertError("!".repeat(ConditionParser.MAX_DEPTH + 1) + "default_t()", ConditionParser.MAX_DEPTH, "nested deeper than");
    }

    @Test
    void everyListedPrimitiveIsKnown() {
        assertThat(Primitives.names()).containsExactlyInAnyOrder("default_t", "req_host_in", "req_host_suffix_in",
                "req_host_regmatch", "req_port_in", "req_path_in", "req_path_prefix_in", "req_path_suffix_in",
                "req_path_contain", "req_path_element_prefix_in", "req_path_regmatch", "req_url_regmatch",
                "req_query_key_in", "req_query_key_prefix_in", "req_query_exist", "req_query_value_in",
                "req_query_value_prefix_in", "req_query_value_suffix_in", "req_query_value_contain",
                "req_query_value_hash_in", "req_query_value_regmatch", "req_cookie_key_in", "req_cookie_value_in",
                "req_cookie_value_prefix_in", "req_cookie_value_suffix_in", "req_cookie_value_contain",
                "req_cookie_value_hash_in", "req_header_key_in", "req_header_value_in", "req_header_value_prefix_in",
                "req_header_value_suffix_in", "req_header_value_contain", "req_header_value_hash_in",
                "req_header_value_regmatch", "req_ua_regmatch", "req_method_in", "req_proto_secure", "req_proto_match",
                "ses_tls_sni_in", "ses_tls_client_auth", "ses_tls_client_ca_in", "req_tag_match",
                "req_cip_trusted", "req_cip_range", "req_cip_hash_in", "req_vip_in", "req_vip_range", "ses_sip_range",
                "ses_vip_range", "bfe_time_range", "bfe_periodic_time_range");
    }
}
