package io.portico.route;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The host table: the Host of a request → its product. Keys are exact host names
 * ({@code api.example.com}, an IP address, {@code [::1]}) or wildcards {@code *.suffix} that
 * match any name ending in {@code .suffix} (one label or more, not the suffix itself). An exact
 * key beats every wildcard; among wildcards the longest suffix wins. Matching ignores case, the
 * port, IPv6 brackets and one trailing dot. Built once per config, shared read-only; a lookup is
 * one pass over the Host value with one hash probe per label boundary and allocates nothing.
 */
public final class HostTable {
    private final HostIndex exact;
    private final HostIndex wildcard;
    private final String defaultProduct;

    private HostTable(HostIndex exact, HostIndex wildcard, String defaultProduct) {
        this.exact = exact;
        this.wildcard = wildcard;
        this.defaultProduct = defaultProduct;
    }

    /**
     * Builds the table.
     *
     * @param hostToProduct         host key → product name
     * @param defaultProductOrNull  the product for a Host nothing matches, or null for none
     * @throws InvalidKeyException  for an empty key, a bare {@code *}, a {@code *} that is not a
     *                              leading {@code *.} label, a port, a space or any other character
     *                              that cannot be in a host name, an empty label, a key that
     *                              repeats another one after normalisation, or an empty product
     */
    public static HostTable build(Map<String, String> hostToProduct, String defaultProductOrNull) {
        List<String> exactKeys = new ArrayList<>();
        List<String> exactValues = new ArrayList<>();
        List<String> wildKeys = new ArrayList<>();
        List<String> wildValues = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, String> e : hostToProduct.entrySet()) {
            String key = e.getKey();
            String product = e.getValue();
            if (product == null || product.isBlank()) {
                throw new InvalidKeyException(key, "host key '" + key + "' maps to an empty product");
            }
            String normal = normalizeKey(key);
            if (!seen.add(normal)) {
                throw new InvalidKeyException(key, "host key '" + key + "' repeats another key (keys ignore case and a trailing dot)");
            }
            if (normal.startsWith("*.")) {
                wildKeys.add(normal.substring(2));
                wildValues.add(product);
            } else {
                exactKeys.add(normal);
                exactValues.add(product);
            }
        }
        return new HostTable(
                new HostIndex(exactKeys.toArray(String[]::new), exactValues.toArray(String[]::new)),
                new HostIndex(wildKeys.toArray(String[]::new), wildValues.toArray(String[]::new)),
                defaultProductOrNull);
    }

    /** The product for a Host header value (null or absent Host allowed), or null when nothing matches and there is no default. */
    public String product(String hostHeaderValue) {
        String listed = listedProduct(hostHeaderValue);
        return listed != null ? listed : defaultProduct;
    }

    /** The product the table names for this Host (exactly or by a *.suffix), or null: default_product is not consulted. */
    public String listedProduct(String hostHeaderValue) {
        if (hostHeaderValue == null) {
            return null;
        }
        String s = hostHeaderValue;
        long range = hostRange(s);
        int from = (int) (range >>> 32);
        int to = (int) range;
        int h = 0;
        int weight = 1;
        String bestWildcard = null;
        boolean probeWildcards = !wildcard.isEmpty();
        for (int i = to - 1; i >= from; i--) {
            h = HostIndex.step(h, weight, s.charAt(i));
            weight *= 31;
            if (probeWildcards && i > from && s.charAt(i - 1) == '.') {
                String hit = wildcard.get(h, s, i, to);
                if (hit != null) {
                    bestWildcard = hit;
                }
            }
        }
        String hit = from < to ? exact.get(h, s, from, to) : null;
        return hit != null ? hit : bestWildcard;
    }

    /**
     * The host name inside a Host value, packed as {@code from << 32 | to}: surrounding spaces,
     * the port, IPv6 brackets and one trailing dot left out. A value with several colons and no
     * brackets is taken as a bare IPv6 address.
     */
    static long hostRange(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
            from++;
        }
        while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
            to--;
        }
        if (from < to && s.charAt(from) == '[') {
            int close = s.indexOf(']', from);
            if (close > 0 && close < to) {
                return ((long) (from + 1) << 32) | close;
            }
            return ((long) from << 32) | to;
        }
        int colon = s.indexOf(':', from);
        if (colon >= 0 && colon < to && s.lastIndexOf(':', to - 1) == colon) {
            to = colon;
        }
        if (to > from && s.charAt(to - 1) == '.') {
            to--;
        }
        return ((long) from << 32) | to;
    }

    /** The canonical form of a host key (lower case, no brackets, no trailing dot), or an {@link InvalidKeyException}. */
    static String normalizeKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new InvalidKeyException(key, "host key must not be empty");
        }
        String k = key;
        if (k.startsWith("[") && k.endsWith("]")) {
            k = k.substring(1, k.length() - 1);
        }
        if (k.indexOf(':') >= 0) {
            Ip ip = Ip.parse(k);
            if (ip == null || ip.isV4()) {
                throw new InvalidKeyException(key, "host key '" + key + "' must not include a port (and is not an IPv6 address)");
            }
            return ip.goString();
        }
        if (k.endsWith(".") && k.length() > 1) {
            k = k.substring(0, k.length() - 1);
        }
        boolean wild = k.startsWith("*.");
        String name = wild ? k.substring(2) : k;
        if (k.equals("*") || k.equals("*.")) {
            throw new InvalidKeyException(key, "host key '" + key + "' is a bare wildcard: write '*.suffix', or use default_product");
        }
        checkName(key, name, wild);
        StringBuilder sb = new StringBuilder(k.length());
        for (int i = 0; i < k.length(); i++) {
            sb.append(HostIndex.lower(k.charAt(i)));
        }
        return sb.toString();
    }

    private static void checkName(String key, String name, boolean wild) {
        if (name.isEmpty() || name.startsWith(".") || name.endsWith(".") || name.contains("..")) {
            throw new InvalidKeyException(key, "host key '" + key + "' has an empty label");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '*') {
                throw new InvalidKeyException(key, "host key '" + key + "': '*' is only allowed as a whole leading label, as in '*.example.com'"
                        + (wild ? "" : " (no partial wildcards like '*foo.com')"));
            }
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.';
            if (!ok) {
                throw new InvalidKeyException(key, "host key '" + key + "' contains " + describe(c)
                        + " at index " + key.indexOf(c) + "; a host name holds letters, digits, '-', '_' and '.' (write IDNs as xn--)");
            }
        }
    }

    private static String describe(char c) {
        if (c == ' ') {
            return "a space";
        }
        return c < 0x20 || c == 0x7f ? "a control character" : "'" + c + "'";
    }

    /** A host key that cannot be used; {@link #key()} is the key as configured, for a located config error. */
    public static final class InvalidKeyException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String key;

        public InvalidKeyException(String key, String message) {
            super(message);
            this.key = Objects.requireNonNullElse(key, "");
        }

        public String key() {
            return key;
        }
    }
}
