package io.portico.modules.authjwt;

import com.fasterxml.jackson.databind.JsonNode;
import io.portico.http.HttpFields;

/** Finding the token in a request, and turning claims into header values. Stateless. */
final class Tokens {
    private Tokens() {
    }

    /**
     * The token in header {@code name}: after the {@code Bearer} scheme (case-insensitive) in
     * Authorization, or the whole value in another header (a {@code Bearer} prefix is dropped
     * there too). Null when absent, empty or sent more than once.
     */
    static String fromHeader(HttpFields fields, String name) {
        if (fields.count(name) != 1) {
            return null;
        }
        String v = fields.firstOrNull(name).strip();
        boolean bearer = v.length() > 7 && v.regionMatches(true, 0, "Bearer ", 0, 7);
        if (bearer) {
            v = v.substring(7).strip();
        } else if (name.equalsIgnoreCase("Authorization")) {
            return null;
        }
        return v.isEmpty() ? null : v;
    }

    /** The value of cookie {@code name} in the Cookie fields, or null. */
    static String fromCookie(HttpFields fields, String name) {
        for (int i = 0; i < fields.size(); i++) {
            if (!fields.name(i).equalsIgnoreCase("Cookie")) {
                continue;
            }
            for (String pair : fields.value(i).split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).strip().equals(name)) {
                    String v = pair.substring(eq + 1).strip();
                    return v.isEmpty() ? null : v;
                }
            }
        }
        return null;
    }

    /**
     * A claim as a header value: a string as it is, a number or boolean as JSON writes it, an
     * array of strings joined by ", ". Null for anything else, or for a value with control characters.
     */
    static String headerValue(JsonNode claim) {
        String v;
        if (claim == null || claim.isNull()) {
            return null;
        } else if (claim.isTextual()) {
            v = claim.textValue();
        } else if (claim.isNumber() || claim.isBoolean()) {
            v = claim.asText();
        } else if (claim.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode item : claim) {
                if (!item.isTextual()) {
                    return null;
                }
                sb.append(sb.isEmpty() ? "" : ", ").append(item.textValue());
            }
            v = sb.toString();
        } else {
            return null;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return null;
            }
        }
        return v;
    }

    /** Whether {@code s} is an HTTP token (a valid field name). */
    static boolean isToken(String s) {
        return io.portico.http.Tokens.isToken(s);
    }
}
