package io.portico.route;

import java.util.Map;

/** Primitives over the request line, headers, query and cookies; immutable matcher nodes. */
final class RequestConditions {
    private RequestConditions() {
    }

    /** A string of the request tested by a matcher: most {@code req_*} primitives. */
    record FieldMatch(Field field, StringMatcher matcher) implements Condition {
        @Override
        public boolean test(RouteRequest request) {
            String value = field.of(request);
            return value != null && matcher.matches(value);
        }
    }

    /** {@code req_proto_secure()}: the connection is TLS. */
    record Secure() implements Condition {
        @Override
        public boolean test(RouteRequest request) {
            return request.secure();
        }
    }

    /** {@code req_proto_match(proto_list)}: the protocol ({@link RouteRequest#proto()}) is one of these, any case. */
    record ProtoIn(StringMatcher protocols) implements Condition {
        @Override
        public boolean test(RouteRequest request) {
            return protocols.matches(request.proto());
        }
    }

    /** {@code ses_tls_sni_in(host_list)}: the SNI name the client sent is one of these. */
    record SniIn(StringMatcher names) implements Condition {
        @Override
        public boolean test(RouteRequest request) {
            SessionTls tls = request.tls();
            return tls != null && !tls.serverName().isEmpty() && names.matches(tls.serverName());
        }
    }

    /** {@code ses_tls_client_auth()}: the client presented a certificate that was verified. */
    record ClientAuth() implements Condition {
        @Override
        public boolean test(RouteRequest request) {
            return request.tls() != null && request.tls().clientCa() != null;
        }
    }

    /** {@code ses_tls_client_ca_in(ca_list)}: the verified client certificate chains to one of these CAs (by common name). */
    record ClientCaIn(StringMatcher cas) implements Condition {
        @Override
        public boolean test(RouteRequest request) {
            SessionTls tls = request.tls();
            return tls != null && tls.clientCa() != null && cas.matches(tls.clientCa());
        }
    }

    /** {@code req_tag_match(name, value)}: a module (the {@code tag} module) tagged the request with exactly this value. */
    record TagMatch(String name, String value) implements Condition {
        @Override
        public boolean test(RouteRequest request) {
            return value.equals(request.tags().get(name));
        }
    }

    /** {@code req_cip_trusted()}: a module (trust_client_ip) marked the client as trusted. */
    record ClientTrusted() implements Condition {
        @Override
        public boolean test(RouteRequest request) {
            return request.clientTrusted();
        }
    }

    /** {@code req_query_exist()}: the query has at least one parameter. */
    record QueryExist() implements Condition {
        @Override
        public boolean test(RouteRequest request) {
            return !request.queryParams().isEmpty();
        }
    }

    /** {@code req_query_key_in}: one of the keys is a query parameter (case-sensitive). */
    record QueryKeyIn(String[] keys) implements Condition {
        @Override
        public boolean test(RouteRequest request) {
            return anyKeyIn(request.queryParams(), keys);
        }
    }

    /** {@code req_cookie_key_in}: one of the names is a cookie (case-sensitive). */
    record CookieKeyIn(String[] names) implements Condition {
        @Override
        public boolean test(RouteRequest request) {
            return anyKeyIn(request.cookies(), names);
        }
    }

    /** {@code req_query_key_prefix_in}: some query parameter's key starts with one of the prefixes. */
    record QueryKeyPrefixIn(String[] prefixes) implements Condition {
        @Override
        public boolean test(RouteRequest request) {
            for (String key : request.queryParams().keySet()) {
                for (String p : prefixes) {
                    if (key.startsWith(p)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /** {@code req_header_key_in}: one of the named headers is present with a non-empty first value (as Go's Header.Get). */
    record HeaderKeyIn(String[] names) implements Condition {
        @Override
        public boolean test(RouteRequest request) {
            for (String name : names) {
                String v = request.head().fields().firstOrNull(name);
                if (v != null && !v.isEmpty()) {
                    return true;
                }
            }
            return false;
        }
    }

    /** {@code req_port_in}: the port of the Host (default 80, or 443 on TLS) is one of the ports. */
    record PortIn(int[] ports) implements Condition {
        @Override
        public boolean test(RouteRequest request) {
            int port = request.port();
            for (int p : ports) {
                if (p == port) {
                    return true;
                }
            }
            return false;
        }
    }

    private static boolean anyKeyIn(Map<String, String> map, String[] keys) {
        for (String k : keys) {
            if (map.containsKey(k)) {
                return true;
            }
        }
        return false;
    }
}
