package io.portico.modules.trustclientip;

import io.portico.http.HttpFields;
import io.portico.modules.block.CidrSet;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Finds the client address that a chain of trusted proxies reported. Stateless.
 *
 * <p>X-Forwarded-For lists the addresses each proxy saw, the most recent last; every field of
 * that name counts, in order, as one list. Walking from the right, each address that is itself
 * trusted is a proxy of ours and is skipped; the first one that is not trusted is the client.
 * Addresses left of it were written by the client (or by proxies we do not know) and are never
 * believed. If every address is trusted, the left-most is the client. An entry that is not an
 * IP literal stops the walk: the last good address to its right is taken, or, if there is none,
 * the header is ignored. Without a usable X-Forwarded-For, X-Real-IP (one address) is used.
 * Entries may be bare addresses, {@code [v6]}, {@code [v6]:port} or {@code v4:port}.
 */
final class ForwardedFor {
    private ForwardedFor() {
    }

    static Optional<InetAddress> client(HttpFields fields, CidrSet trusted) {
        InetAddress found = null;
        int i = fields.size();
        walk:
        while (--i >= 0) {
            if (!fields.name(i).equalsIgnoreCase("X-Forwarded-For")) {
                continue;
            }
            String value = fields.value(i);
            int end = value.length();
            int comma;
            do {
                comma = value.lastIndexOf(',', end - 1);
                String entry = value.substring(comma + 1, end).strip();
                end = comma;
                if (entry.isEmpty()) {
                    continue;
                }
                InetAddress a = parse(entry);
                if (a == null) {
                    break walk;
                }
                found = a;
                if (!trusted.contains(a)) {
                    return Optional.of(a);
                }
            } while (comma >= 0);
        }
        if (found != null) {
            return Optional.of(found);
        }
        String real = fields.firstOrNull("X-Real-IP");
        return real == null ? Optional.empty() : Optional.ofNullable(parse(real.strip()));
    }

    /** An address with optional brackets and port, or null. */
    static InetAddress parse(String entry) {
        String literal = entry;
        if (entry.startsWith("[")) {
            int close = entry.indexOf(']');
            if (close < 0 || !(close == entry.length() - 1 || isPort(entry, close + 1))) {
                return null;
            }
            literal = entry.substring(1, close);
        } else {
            int colon = entry.indexOf(':');
            if (colon > 0 && colon == entry.lastIndexOf(':') && isPort(entry, colon)) {
                literal = entry.substring(0, colon);
            }
        }
        return CidrSet.parseAddress(literal).orElse(null);
    }

    /** Whether {@code s} from {@code colon} on is {@code :digits}. */
    private static boolean isPort(String s, int colon) {
        if (s.charAt(colon) != ':' || colon + 1 >= s.length() || s.length() - colon > 6) {
            return false;
        }
        for (int i = colon + 1; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
