package io.portico.modules.cors;

import io.portico.http.HttpFields;
import io.portico.route.Condition;
import java.util.Locale;

/**
 * One compiled CORS rule and the answers it gives (Fetch standard, "CORS protocol"). Shared, immutable.
 *
 * @param methods       allowed methods, compared case-sensitively as Fetch does
 * @param headers       allowed request headers, lower case
 * @param anyHeader     {@code allow_headers} contains {@code *}: the requested headers are echoed
 * @param expose        the {@code Access-Control-Expose-Headers} value, or null
 * @param maxAge        the {@code Access-Control-Max-Age} value, or null
 */
record CorsPolicy(String product, Condition condition, Origins origins, String[] methods, String[] headers, boolean anyHeader,
                  String expose, boolean credentials, String maxAge) {

    static final String ALLOW_ORIGIN = "Access-Control-Allow-Origin";
    static final String ALLOW_CREDENTIALS = "Access-Control-Allow-Credentials";
    static final String EXPOSE_HEADERS = "Access-Control-Expose-Headers";

    /** The value of Access-Control-Allow-Origin for an allowed origin: never {@code *} with credentials. */
    String allowOrigin(String origin) {
        return origins.any() && !credentials && !origin.equalsIgnoreCase("null") ? "*" : origin;
    }

    /** The answer headers for a preflight, or null when it is refused. */
    HttpFields preflight(String origin, String method, String requestHeaders) {
        if (!origins.allows(origin) || !methodAllowed(method) || !headersAllowed(requestHeaders)) {
            return null;
        }
        HttpFields f = new HttpFields(8);
        f.add(ALLOW_ORIGIN, allowOrigin(origin));
        f.add("Access-Control-Allow-Methods", String.join(", ", methods));
        if (anyHeader && requestHeaders != null && !requestHeaders.isBlank()) {
            f.add("Access-Control-Allow-Headers", requestHeaders.strip());
        } else if (headers.length > 0) {
            f.add("Access-Control-Allow-Headers", String.join(", ", headers));
        }
        if (credentials) {
            f.add(ALLOW_CREDENTIALS, "true");
        }
        if (maxAge != null) {
            f.add("Access-Control-Max-Age", maxAge);
        }
        return f;
    }

    /** Sets the CORS fields of an actual response; those the backend sent are replaced or, for a refused origin, removed. */
    void actual(String origin, HttpFields response) {
        response.remove(ALLOW_ORIGIN);
        response.remove(ALLOW_CREDENTIALS);
        response.remove(EXPOSE_HEADERS);
        boolean allowed = origins.allows(origin);
        String allow = allowOrigin(origin);
        if (allowed) {
            response.add(ALLOW_ORIGIN, allow);
            if (credentials) {
                response.add(ALLOW_CREDENTIALS, "true");
            }
            if (expose != null) {
                response.add(EXPOSE_HEADERS, expose);
            }
        }
        if (!allowed || !allow.equals("*")) {
            vary(response, "Origin");
        }
    }

    /** Adds {@code token} to Vary unless it (or {@code *}) is there already. */
    static void vary(HttpFields fields, String token) {
        for (String v : fields.all("Vary")) {
            for (String t : v.split(",")) {
                String s = t.strip();
                if (s.equals("*") || s.equalsIgnoreCase(token)) {
                    return;
                }
            }
        }
        fields.add("Vary", token);
    }

    private boolean methodAllowed(String method) {
        // Fetch never needs CORS-safelisted methods to be listed.
        if (method.equals("GET") || method.equals("HEAD") || method.equals("POST")) {
            return true;
        }
        for (String m : methods) {
            if (m.equals(method)) {
                return true;
            }
        }
        return false;
    }

    private boolean headersAllowed(String requested) {
        if (anyHeader || requested == null) {
            return true;
        }
        for (String name : requested.split(",")) {
            String n = name.strip().toLowerCase(Locale.ROOT);
            if (!n.isEmpty() && !contains(headers, n)) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(String[] list, String s) {
        for (String x : list) {
            if (x.equals(s)) {
                return true;
            }
        }
        return false;
    }
}
