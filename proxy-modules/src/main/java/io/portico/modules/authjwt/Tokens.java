package io.portico.modules.authjwt;

import com.fasterxml.jackson.databind.JsonNode;
import io.portico.http.HttpFields;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Finding the token in a request, and turning claims into header values. Stateless. */
final class Tokens {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

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
     * array of strings joined by ", ". Null for anything else. A value a header cannot carry as it
     * is (characters outside visible ASCII and inner spaces and tabs: non-ASCII letters, controls,
     * or spaces at either end, which a backend would trim) is sent as an RFC 8187 ext-value,
     * {@code UTF-8''} and the UTF-8 bytes percent-encoded ({@code "Zoë"} → {@code UTF-8''Zo%C3%AB}).
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
        return fitsAsIs(v) ? v : extValue(v);
    }

    private static boolean fitsAsIs(String v) {
        int n = v.length();
        if (n > 0 && (isBlank(v.charAt(0)) || isBlank(v.charAt(n - 1)))) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = v.charAt(i);
            if ((c < 0x20 && c != '\t') || c >= 0x7f) {
                return false;
            }
        }
        // a value that already looks like an ext-value is encoded too, so the backend can tell them apart
        return !v.regionMatches(true, 0, "UTF-8''", 0, 7);
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    /** RFC 8187 §3.2: {@code UTF-8''} then attr-char as is and every other byte as %XX. */
    static String extValue(String v) {
        byte[] utf8 = v.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(7 + utf8.length * 3).append("UTF-8''");
        for (byte b : utf8) {
            int c = b & 0xFF;
            boolean attrChar = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c < 0x80 && "!#$&+-.^_`|~".indexOf(c) >= 0;
            if (attrChar) {
                sb.append((char) c);
            } else {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return sb.toString();
    }

    /** Removes cookie {@code name} from the Cookie fields (a field left empty goes); other pairs are kept as written. */
    static void removeCookie(HttpFields fields, String name) {
        List<String> kept = new ArrayList<>();
        boolean removed = false;
        for (String value : fields.all("Cookie")) {
            StringBuilder rest = new StringBuilder();
            for (String pair : value.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).strip().equals(name)) {
                    removed = true;
                } else if (!pair.isBlank()) {
                    rest.append(rest.isEmpty() ? "" : "; ").append(pair.strip());
                }
            }
            if (!rest.isEmpty()) {
                kept.add(rest.toString());
            }
        }
        if (removed) {
            fields.remove("Cookie");
            kept.forEach(v -> fields.add("Cookie", v));
        }
    }

    /** Whether {@code s} is an HTTP token (a valid field name). */
    static boolean isToken(String s) {
        return io.portico.http.Tokens.isToken(s);
    }
}
