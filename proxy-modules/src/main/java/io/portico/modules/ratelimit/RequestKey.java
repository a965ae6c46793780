package io.portico.modules.ratelimit;

import io.portico.http.HttpFields;
import io.portico.http.PercentEncoding;
import io.portico.http.RequestHead;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** What a rule counts requests by. Immutable. */
sealed interface RequestKey {
    /** Keys longer than this are stored as a digest, so a table's memory stays bounded by its key count. */
    int MAX_KEY_CHARS = 64;

    /** The key of this request, or null when it has none (the rule then does not count it). */
    String of(RequestHead head, InetSocketAddress client);

    /** The client address ({@code Request.clientAddress()}: trust_client_ip may have set it). */
    record ClientIp() implements RequestKey {
        @Override
        public String of(RequestHead head, InetSocketAddress client) {
            return client.getAddress() == null ? null : client.getAddress().getHostAddress();
        }
    }

    /**
     * Every value of a request header, joined by ", " as RFC 9110 §5.3 makes several fields one:
     * a client cannot get a fresh key by sending the header twice (a backend may read either).
     */
    record Header(String name) implements RequestKey {
        @Override
        public String of(RequestHead head, InetSocketAddress client) {
            HttpFields f = head.fields();
            return bounded(f.count(name) <= 1 ? f.firstOrNull(name) : String.join(", ", f.all(name)));
        }
    }

    /** The value of a cookie (the first of that name in any Cookie field). */
    record Cookie(String name) implements RequestKey {
        @Override
        public String of(RequestHead head, InetSocketAddress client) {
            HttpFields f = head.fields();
            for (int i = 0; i < f.size(); i++) {
                if (f.name(i).equalsIgnoreCase("Cookie")) {
                    String v = cookie(f.value(i), name);
                    if (v != null) {
                        return bounded(PercentEncoding.decodeLeniently(v, 0, v.length(), false));
                    }
                }
            }
            return null;
        }
    }

    /** The request path, without the query: normalised on arrival, so one resource is one key. */
    record Path() implements RequestKey {
        @Override
        public String of(RequestHead head, InetSocketAddress client) {
            return bounded(head.path());
        }
    }

    /**
     * {@code ip}, {@code path}, {@code header:NAME} or {@code cookie:NAME}.
     *
     * @throws IllegalArgumentException for anything else
     */
    static RequestKey parse(String spec) {
        if (spec.equals("ip")) {
            return new ClientIp();
        }
        if (spec.equals("path")) {
            return new Path();
        }
        int colon = spec.indexOf(':');
        String kind = colon < 0 ? spec : spec.substring(0, colon);
        String name = colon < 0 ? "" : spec.substring(colon + 1).strip();
        if (!name.isEmpty() && kind.equals("header")) {
            return new Header(name);
        }
        if (!name.isEmpty() && kind.equals("cookie")) {
            return new Cookie(name);
        }
        throw new IllegalArgumentException("expected \"ip\", \"path\", \"header:NAME\" or \"cookie:NAME\", got \"" + spec + "\"");
    }

    /** The value of cookie {@code name} in one Cookie field value ({@code a=1; b=2}), or null. */
    static String cookie(String field, String name) {
        int i = 0;
        int n = field.length();
        while (i < n) {
            int semi = field.indexOf(';', i);
            int end = semi < 0 ? n : semi;
            int eq = field.indexOf('=', i);
            if (eq > 0 && eq < end && field.substring(i, eq).strip().equals(name)) {
                String v = field.substring(eq + 1, end).strip();
                return v.length() >= 2 && v.charAt(0) == '"' && v.charAt(v.length() - 1) == '"' ? v.substring(1, v.length() - 1) : v;
            }
            i = end + 1;
        }
        return null;
    }

    /**
     * The key itself, or for a long one a digest of it that a client cannot aim at another key
     * (a key that starts with the digest's mark {@code #} is digested too).
     */
    static String bounded(String key) {
        if (key == null || (key.length() <= MAX_KEY_CHARS && !key.startsWith("#"))) {
            return key;
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "#" + Base64.getEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
