package io.portico.modules.compress;

import io.portico.http.HttpFields;
import io.portico.http.ResponseHead;
import java.util.Locale;
import java.util.Set;

/**
 * Decides whether a response is gzipped and edits its fields for it. Immutable; shared.
 *
 * @param types     media types (lower case, no parameters) worth compressing
 * @param minLength responses announcing a shorter Content-Length stay as they are
 */
record GzipPolicy(Set<String> types, long minLength) {

    /**
     * Whether the response could be compressed for some client: status 200, not HEAD, no
     * Content-Encoding yet, a listed Content-Type, no {@code Cache-Control: no-transform}, and a
     * length that is unknown or at least {@code minLength}.
     */
    boolean compressible(String method, ResponseHead response) {
        HttpFields f = response.fields();
        if (response.status() != 200 || method.equals("HEAD") || f.contains("Content-Encoding")) {
            return false;
        }
        String type = f.firstOrNull("Content-Type");
        if (type == null || !types.contains(mediaType(type))) {
            return false;
        }
        for (String cc : f.all("Cache-Control")) {
            if (cc.toLowerCase(Locale.ROOT).contains("no-transform")) {
                return false;
            }
        }
        String length = f.firstOrNull("Content-Length");
        if (length == null) {
            return true;
        }
        try {
            return Long.parseLong(length.strip()) >= minLength;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The media type of a Content-Type value: lower case, without parameters. */
    static String mediaType(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    }

    /**
     * Whether the request's Accept-Encoding fields (RFC 9110 §12.5.3) accept gzip: {@code gzip}
     * or {@code x-gzip} with a q-value above 0, or else {@code *} with one above 0.
     */
    static boolean acceptsGzip(HttpFields request) {
        int gzip = -1;
        int star = -1;
        for (int i = 0; i < request.size(); i++) {
            if (!request.name(i).equalsIgnoreCase("Accept-Encoding")) {
                continue;
            }
            for (String item : request.value(i).split(",")) {
                int semi = item.indexOf(';');
                String coding = (semi < 0 ? item : item.substring(0, semi)).strip();
                int accepted = semi < 0 || positiveQ(item.substring(semi + 1)) ? 1 : 0;
                if (coding.equalsIgnoreCase("gzip") || coding.equalsIgnoreCase("x-gzip")) {
                    gzip = gzip == 0 ? 0 : accepted;
                } else if (coding.equals("*")) {
                    star = star == 0 ? 0 : accepted;
                }
            }
        }
        return gzip >= 0 ? gzip == 1 : star == 1;
    }

    /** Whether the parameters hold a q-value above 0 (a missing q means 1; a malformed one counts as 0). */
    private static boolean positiveQ(String params) {
        for (String p : params.split(";")) {
            int eq = p.indexOf('=');
            if (eq < 0 || !p.substring(0, eq).strip().equalsIgnoreCase("q")) {
                continue;
            }
            String q = p.substring(eq + 1).strip();
            if (q.isEmpty() || q.length() > 5 || (q.charAt(0) != '0' && q.charAt(0) != '1')) {
                return false;
            }
            boolean nonZero = q.charAt(0) == '1';
            if (q.length() > 1 && q.charAt(1) != '.') {
                return false;
            }
            for (int i = 2; i < q.length(); i++) {
                char c = q.charAt(i);
                if (c < '0' || c > '9' || (nonZero && c != '0')) {
                    return false;
                }
                nonZero |= c != '0';
            }
            return nonZero;
        }
        return true;
    }

    /** Adds Accept-Encoding to Vary unless it is there (or Vary is {@code *}). */
    static void vary(HttpFields f) {
        for (String v : f.all("Vary")) {
            for (String token : v.split(",")) {
                String t = token.strip();
                if (t.equals("*") || t.equalsIgnoreCase("Accept-Encoding")) {
                    return;
                }
            }
        }
        f.add("Vary", "Accept-Encoding");
    }

    /**
     * The field edits for a gzipped body: Content-Encoding set, Content-Length and Accept-Ranges
     * removed (the length and the byte offsets change), a strong ETag made weak.
     */
    static void markGzipped(HttpFields f) {
        f.set("Content-Encoding", "gzip");
        f.remove("Content-Length");
        f.remove("Accept-Ranges");
        String etag = f.firstOrNull("ETag");
        if (etag != null && etag.startsWith("\"")) {
            f.set("ETag", "W/" + etag);
        }
    }
}
