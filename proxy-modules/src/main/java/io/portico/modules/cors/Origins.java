package io.portico.modules.cors;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The allowed origins of a policy: exact origins, {@code *} (any), and wildcards
 * {@code *.example.com} (any scheme) or {@code https://*.example.com} (that scheme) that match
 * sub-domains only. Origins compare ignoring case. The opaque origin {@code null} matches only
 * an exact {@code null} entry. Shared, immutable.
 */
final class Origins {
    private final boolean any;
    private final String[] exact;
    private final String[] suffixSchemes;
    private final String[] suffixes;

    private Origins(boolean any, String[] exact, String[] suffixSchemes, String[] suffixes) {
        this.any = any;
        this.exact = exact;
        this.suffixSchemes = suffixSchemes;
        this.suffixes = suffixes;
    }

    /**
     * @throws IllegalArgumentException for an entry that is none of the accepted forms
     */
    static Origins of(List<String> entries) {
        boolean any = false;
        List<String> exact = new ArrayList<>();
        List<String> schemes = new ArrayList<>();
        List<String> suffixes = new ArrayList<>();
        for (String e : entries) {
            String entry = e.toLowerCase(Locale.ROOT);
            int wild = entry.indexOf("*.");
            if (entry.equals("*")) {
                any = true;
            } else if (wild >= 0) {
                String scheme = entry.substring(0, wild);
                String suffix = entry.substring(wild + 1);
                if (!(scheme.isEmpty() || scheme.equals("http://") || scheme.equals("https://"))
                        || !hostPort(suffix.substring(1)) || suffix.indexOf('*') >= 0) {
                    throw new IllegalArgumentException(
                            "\"" + e + "\" is not a wildcard origin like *.example.com or https://*.example.com");
                }
                schemes.add(scheme.isEmpty() ? null : scheme.substring(0, scheme.length() - 3));
                suffixes.add(suffix);
            } else if (entry.equals("null") || valid(entry)) {
                exact.add(entry);
            } else {
                throw new IllegalArgumentException("\"" + e + "\" is not an origin like https://app.example.com[:port]");
            }
        }
        return new Origins(any, exact.toArray(String[]::new), schemes.toArray(String[]::new), suffixes.toArray(String[]::new));
    }

    boolean any() {
        return any;
    }

    /** Whether the {@code Origin} value the client sent is allowed. */
    boolean allows(String origin) {
        if (origin.equalsIgnoreCase("null")) {
            for (String e : exact) {
                if (e.equals("null")) {
                    return true;
                }
            }
            return false;
        }
        if (!valid(origin)) {
            return false;
        }
        if (any) {
            return true;
        }
        for (String e : exact) {
            if (e.equalsIgnoreCase(origin)) {
                return true;
            }
        }
        if (suffixes.length == 0) {
            return false;
        }
        int sep = origin.indexOf("://");
        String scheme = origin.substring(0, sep).toLowerCase(Locale.ROOT);
        String host = origin.substring(sep + 3).toLowerCase(Locale.ROOT);
        for (int i = 0; i < suffixes.length; i++) {
            String s = suffixes[i];
            boolean schemeOk = suffixSchemes[i] == null || suffixSchemes[i].equals(scheme);
            // A port in the pattern must match; without one, any port of the host is fine.
            boolean hostOk = s.indexOf(':') >= 0 ? host.endsWith(s)
                    : (host.endsWith(s) || withoutPort(host).endsWith(s));
            if (schemeOk && hostOk && host.length() > s.length()) {
                return true;
            }
        }
        return false;
    }

    /** {@code scheme://host[:port]} with scheme http or https and nothing else: no path, user or spaces. */
    static boolean valid(String origin) {
        int sep = origin.indexOf("://");
        if (sep <= 0) {
            return false;
        }
        String scheme = origin.substring(0, sep);
        if (!scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")) {
            return false;
        }
        return hostPort(origin.substring(sep + 3));
    }

    /** {@code host[:port]}: a name of {@code [a-z0-9-._]}, or {@code [ipv6]}; the port all digits. */
    private static boolean hostPort(String hp) {
        int end;
        if (hp.startsWith("[")) {
            end = hp.indexOf(']') + 1;
            if (end <= 2 || !hexOrColons(hp, 1, end - 1)) {
                return false;
            }
        } else {
            end = hp.indexOf(':');
            end = end < 0 ? hp.length() : end;
            if (end == 0 || hp.charAt(0) == '.' || !nameChars(hp, 0, end)) {
                return false;
            }
        }
        if (end == hp.length()) {
            return true;
        }
        if (hp.charAt(end) != ':' || end + 1 == hp.length() || hp.length() - end > 6) {
            return false;
        }
        for (int i = end + 1; i < hp.length(); i++) {
            if (hp.charAt(i) < '0' || hp.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean nameChars(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean hexOrColons(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (Character.digit(c, 16) < 0 && c != ':' && c != '.') {
                return false;
            }
        }
        return true;
    }

    private static String withoutPort(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        int bracket = hostPort.lastIndexOf(']');
        return colon > bracket ? hostPort.substring(0, colon) : hostPort;
    }
}
