package io.portico.route;

import io.portico.route.ConditionLexer.Kind;
import io.portico.route.ConditionLexer.Token;
import io.portico.route.IpConditions.Address;
import io.portico.route.RequestConditions.FieldMatch;
import io.portico.route.StringMatcher.Contain;
import io.portico.route.StringMatcher.HashIn;
import io.portico.route.StringMatcher.In;
import io.portico.route.StringMatcher.PathElementPrefix;
import io.portico.route.StringMatcher.Prefix;
import io.portico.route.StringMatcher.Regex;
import io.portico.route.StringMatcher.Suffix;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The primitives of BFE's condition language that Portico implements, each with its signature
 * (a parameter named {@code case_insensitive} is a bool, every other a string) and the builder
 * that turns checked arguments into a matcher node. Shared, immutable.
 */
final class Primitives {
    private static final Field HOST = new Field.Host();
    private static final Field PATH = new Field.Path();

    /** BFE primitives that need state Portico does not have (host tags, path variables, the response). */
    private static final Set<String> UNSUPPORTED = Set.of("req_host_tag_in",
            "req_context_value_in", "req_path_with_vars_in", "req_path_with_vars_prefix_in",
            "res_code_in", "res_header_key_in", "res_header_value_in");

    private static final Map<String, Spec> SPECS = table(
            spec("default_t()", a -> new Logic.Always()),
            spec("req_host_in(host_list)", a -> match(HOST, new In(a.hosts(0), true))),
            spec("req_host_suffix_in(suffix_list)", a -> match(HOST, new Suffix(a.list(0, true), true))),
            spec("req_host_regmatch(reg_exp)", a -> match(HOST, new Regex(a.regex(0)))),
            spec("req_port_in(port_list)", a -> new RequestConditions.PortIn(a.ports(0))),
            spec("req_path_in(path_list, case_insensitive)", a -> match(PATH, new In(a.set(0, a.bool(1)), a.bool(1)))),
            spec("req_path_prefix_in(prefix_list, case_insensitive)",
                    a -> match(PATH, new Prefix(a.list(0, a.bool(1)), a.bool(1)))),
            spec("req_path_suffix_in(suffix_list, case_insensitive)",
                    a -> match(PATH, new Suffix(a.list(0, a.bool(1)), a.bool(1)))),
            spec("req_path_contain(path_list, case_insensitive)",
                    a -> match(PATH, new Contain(a.list(0, a.bool(1)), a.bool(1)))),
            spec("req_path_element_prefix_in(prefix_list, case_insensitive)",
                    a -> match(PATH, new PathElementPrefix(slashEnded(a.list(0, a.bool(1))), a.bool(1)))),
            spec("req_path_regmatch(reg_exp)", a -> match(PATH, new Regex(a.regex(0)))),
            spec("req_url_regmatch(reg_exp)", a -> match(new Field.Url(), new Regex(a.regex(0)))),
            spec("req_query_key_in(key_list)", a -> new RequestConditions.QueryKeyIn(a.list(0, false))),
            spec("req_query_key_prefix_in(prefix_list)", a -> new RequestConditions.QueryKeyPrefixIn(a.list(0, false))),
            spec("req_query_exist()", a -> new RequestConditions.QueryExist()),
            spec("req_query_value_in(key, value_list, case_insensitive)", a -> match(query(a), in(a))),
            spec("req_query_value_prefix_in(key, prefix_list, case_insensitive)", a -> match(query(a), prefix(a))),
            spec("req_query_value_suffix_in(key, suffix_list, case_insensitive)", a -> match(query(a), suffix(a))),
            spec("req_query_value_contain(key, value_list, case_insensitive)", a -> match(query(a), contain(a))),
            spec("req_query_value_hash_in(key, value_list, case_insensitive)", a -> match(query(a), hash(a))),
            spec("req_query_value_regmatch(key, reg_exp)", a -> match(query(a), new Regex(a.regex(1)))),
            spec("req_cookie_key_in(key_list)", a -> new RequestConditions.CookieKeyIn(a.list(0, false))),
            spec("req_cookie_value_in(key, value_list, case_insensitive)", a -> match(cookie(a), in(a))),
            spec("req_cookie_value_prefix_in(key, prefix_list, case_insensitive)", a -> match(cookie(a), prefix(a))),
            spec("req_cookie_value_suffix_in(key, suffix_list, case_insensitive)", a -> match(cookie(a), suffix(a))),
            spec("req_cookie_value_contain(key, value_list, case_insensitive)", a -> match(cookie(a), contain(a))),
            spec("req_cookie_value_hash_in(key, value_list, case_insensitive)", a -> match(cookie(a), hash(a))),
            spec("req_header_key_in(key_list)", a -> new RequestConditions.HeaderKeyIn(a.list(0, false))),
            spec("req_header_value_in(header_name, value_list, case_insensitive)", a -> match(header(a), in(a))),
            spec("req_header_value_prefix_in(header_name, prefix_list, case_insensitive)", a -> match(header(a), prefix(a))),
            spec("req_header_value_suffix_in(header_name, suffix_list, case_insensitive)", a -> match(header(a), suffix(a))),
            spec("req_header_value_contain(header_name, value_list, case_insensitive)", a -> match(header(a), contain(a))),
            spec("req_header_value_hash_in(header_name, value_list, case_insensitive)", a -> match(header(a), hash(a))),
            spec("req_header_value_regmatch(header_name, reg_exp)", a -> match(header(a), new Regex(a.regex(1)))),
            spec("req_ua_regmatch(reg_exp)", a -> match(new Field.Header("User-Agent"), new Regex(a.regex(0)))),
            spec("req_method_in(method_list)", a -> match(new Field.Method(), new In(a.set(0, true), true))),
            spec("req_proto_secure()", a -> new RequestConditions.Secure()),
            spec("req_proto_match(proto_list)", a -> new RequestConditions.ProtoIn(new In(a.set(0, true), true))),
            spec("ses_tls_sni_in(host_list)", a -> new RequestConditions.SniIn(new In(a.hosts(0), true))),
            spec("ses_tls_client_auth()", a -> new RequestConditions.ClientAuth()),
            spec("ses_tls_client_ca_in(ca_list)", a -> new RequestConditions.ClientCaIn(new In(a.set(0, false), false))),
            spec("req_tag_match(tag_name, tag_value)", a -> new RequestConditions.TagMatch(a.str(0), a.str(1))),
            spec("req_cip_trusted()", a -> new RequestConditions.ClientTrusted()),
            spec("req_cip_range(start_ip, end_ip)", a -> a.ipRange(Address.CLIENT, 0)),
            spec("req_cip_hash_in(value_list)", a -> new IpConditions.IpHashIn(Address.CLIENT, a.buckets(0))),
            spec("req_vip_in(vip_list)", a -> new IpConditions.IpIn(Address.LOCAL, a.ips(0))),
            spec("req_vip_range(start_ip, end_ip)", a -> a.ipRange(Address.LOCAL, 0)),
            spec("ses_sip_range(start_ip, end_ip)", a -> a.ipRange(Address.SOURCE, 0)),
            spec("ses_vip_range(start_ip, end_ip)", a -> a.ipRange(Address.LOCAL, 0)),
            spec("bfe_time_range(start_time, end_time)", Primitives::timeRange),
            spec("bfe_periodic_time_range(start_time, end_time, period)", Primitives::dailyRange));

    private Primitives() {
    }

    /** Builds a matcher node from checked arguments. */
    @FunctionalInterface
    interface Builder {
        Condition build(PrimitiveArgs args);
    }

    /** A primitive: {@code signature} as users read it, e.g. {@code req_path_in(path_list, case_insensitive)}. */
    record Spec(String name, String signature, List<String> params, Builder builder) {

        /** Checks arity and argument types, then builds; {@code close} is the ')' of the call. */
        Condition build(Token nameToken, List<Token> args, Token close) {
            if (args.size() != params.size()) {
                int pos = args.size() > params.size() ? args.get(params.size()).pos() : close.pos();
                String expected = params.isEmpty() ? "takes no arguments"
                        : "expects " + params.size() + " argument" + (params.size() == 1 ? "" : "s") + " (" + String.join(", ", params) + ")";
                throw new ConditionException(pos, name + " " + expected + ", got " + args.size() + ": write " + signature);
            }
            for (int i = 0; i < args.size(); i++) {
                Kind want = params.get(i).equals("case_insensitive") ? Kind.BOOL : Kind.STRING;
                Token arg = args.get(i);
                if (arg.kind() != want) {
                    String what = want == Kind.BOOL ? "a bool (true or false)" : "a string";
                    throw new ConditionException(arg.pos(), name + ": argument " + (i + 1) + " (" + params.get(i) + ") must be "
                            + what + ", found " + arg.describe());
                }
            }
            return builder.build(new PrimitiveArgs(name, args));
        }
    }

    /** The spec of a primitive name, or a ConditionException at the name. */
    static Spec spec(Token name) {
        Spec spec = SPECS.get(name.text());
        if (spec != null) {
            return spec;
        }
        if (UNSUPPORTED.contains(name.text())) {
            throw new ConditionException(name.pos(), "primitive " + name.text() + " exists in BFE but is not supported by Portico");
        }
        String near = nearest(name.text());
        throw new ConditionException(name.pos(), "unknown primitive '" + name.text() + "'"
                + (near == null ? "" : ": did you mean " + near + "?"));
    }

    static Set<String> names() {
        return SPECS.keySet();
    }

    private static Spec spec(String signature, Builder builder) {
        int open = signature.indexOf('(');
        String inside = signature.substring(open + 1, signature.length() - 1);
        List<String> params = inside.isEmpty() ? List.of() : Arrays.asList(inside.split(", "));
        return new Spec(signature.substring(0, open), signature, List.copyOf(params), builder);
    }

    private static Map<String, Spec> table(Spec... specs) {
        Map<String, Spec> map = new LinkedHashMap<>();
        for (Spec s : specs) {
            map.put(s.name(), s);
        }
        return Map.copyOf(map);
    }

    private static Condition match(Field field, StringMatcher matcher) {
        return new FieldMatch(field, matcher);
    }

    private static Field query(PrimitiveArgs a) {
        return new Field.Query(a.str(0));
    }

    private static Field cookie(PrimitiveArgs a) {
        return new Field.Cookie(a.str(0));
    }

    private static Field header(PrimitiveArgs a) {
        return new Field.Header(a.str(0));
    }

    private static StringMatcher in(PrimitiveArgs a) {
        return new In(a.set(1, a.bool(2)), a.bool(2));
    }

    private static StringMatcher prefix(PrimitiveArgs a) {
        return new Prefix(a.list(1, a.bool(2)), a.bool(2));
    }

    private static StringMatcher suffix(PrimitiveArgs a) {
        return new Suffix(a.list(1, a.bool(2)), a.bool(2));
    }

    private static StringMatcher contain(PrimitiveArgs a) {
        return new Contain(a.list(1, a.bool(2)), a.bool(2));
    }

    private static StringMatcher hash(PrimitiveArgs a) {
        return new HashIn(a.buckets(1), a.bool(2));
    }

    private static String[] slashEnded(String[] prefixes) {
        for (int i = 0; i < prefixes.length; i++) {
            if (!prefixes[i].endsWith("/")) {
                prefixes[i] = prefixes[i] + "/";
            }
        }
        return prefixes;
    }

    private static Condition timeRange(PrimitiveArgs a) {
        long first = a.instant(0);
        long last = a.instant(1);
        if (first > last) {
            throw a.error(1, "end_time " + a.str(1) + " is before start_time " + a.str(0));
        }
        return new TimeConditions.TimeRange(first, last);
    }

    private static Condition dailyRange(PrimitiveArgs a) {
        int[] first = a.timeOfDay(0);
        int[] last = a.timeOfDay(1);
        if (first[1] != last[1]) {
            throw a.error(1, "start_time and end_time must use the same time zone");
        }
        if (first[0] > last[0]) {
            throw a.error(1, "end_time " + a.str(1) + " is before start_time " + a.str(0)
                    + " (a range across midnight is two conditions joined by ||)");
        }
        if (!a.str(2).isEmpty()) {
            throw a.error(2, "period must be \"\" (daily): BFE defines no other period");
        }
        return new TimeConditions.DailyRange(first[0], last[0], first[1]);
    }

    /** The known name closest to a misspelt one (edit distance at most 3), or null. */
    private static String nearest(String name) {
        String best = null;
        int bestDistance = 4;
        for (String known : SPECS.keySet()) {
            int d = distance(name, known);
            if (d < bestDistance || (d == bestDistance && best != null && known.compareTo(best) < 0)) {
                best = known;
                bestDistance = d;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
