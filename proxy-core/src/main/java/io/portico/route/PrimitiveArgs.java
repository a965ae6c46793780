package io.portico.route;

import io.portico.route.ConditionLexer.Token;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The checked arguments of one primitive call and the compile-time preparation of them: lists
 * split on '|' (empty items kept, as BFE's strings.Split), patterns lower-cased for the
 * case-insensitive forms, regexes, IPs, ports, hash buckets and times parsed. Every problem is a
 * {@link ConditionException} at the offending argument that names the primitive.
 */
final class PrimitiveArgs {
    private final String primitive;
    private final List<Token> args;

    PrimitiveArgs(String primitive, List<Token> args) {
        this.primitive = primitive;
        this.args = args;
    }

    String str(int i) {
        return args.get(i).text();
    }

    boolean bool(int i) {
        return args.get(i).text().equals("true");
    }

    ConditionException error(int i, String message) {
        return new ConditionException(args.get(i).pos(), primitive + ": " + message);
    }

    /** The '|'-separated items of argument i, lower-cased when {@code fold}. */
    String[] list(int i, boolean fold) {
        String[] items = str(i).split("\\|", -1);
        if (fold) {
            for (int k = 0; k < items.length; k++) {
                items[k] = items[k].toLowerCase(Locale.ROOT);
            }
        }
        return items;
    }

    Set<String> set(int i, boolean fold) {
        return Set.copyOf(Arrays.asList(list(i, fold)));
    }

    /** Host names for req_host_in: lower case, one trailing dot dropped, no port (an IPv6 address may be bracketed). */
    Set<String> hosts(int i) {
        String[] items = list(i, true);
        for (int k = 0; k < items.length; k++) {
            String h = items[k];
            if (h.startsWith("[") && h.endsWith("]")) {
                h = h.substring(1, h.length() - 1);
            }
            if (h.indexOf(':') >= 0 && (Ip.parse(h) == null || Ip.parse(h).isV4())) {
                throw error(i, "host '" + items[k] + "' must not include a port");
            }
            items[k] = h.length() > 1 && h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
        }
        return Set.copyOf(Arrays.asList(items));
    }

    Pattern regex(int i) {
        try {
            return Pattern.compile(str(i));
        } catch (PatternSyntaxException e) {
            throw error(i, "bad regular expression: " + e.getDescription() + " near index " + e.getIndex() + " of " + e.getPattern());
        }
    }

    int[] ports(int i) {
        String[] items = list(i, false);
        int[] ports = new int[items.length];
        for (int k = 0; k < items.length; k++) {
            ports[k] = number(i, items[k], 65535, "port");
        }
        return ports;
    }

    Ip ip(int i) {
        Ip ip = Ip.parse(str(i));
        if (ip == null) {
            throw error(i, "'" + str(i) + "' is not an IP address");
        }
        return ip;
    }

    Ip[] ips(int i) {
        String[] items = list(i, false);
        Ip[] ips = new Ip[items.length];
        for (int k = 0; k < items.length; k++) {
            ips[k] = Ip.parse(items[k]);
            if (ips[k] == null) {
                throw error(i, "'" + items[k] + "' is not an IP address");
            }
        }
        return ips;
    }

    /** An inclusive IP range from arguments i and i+1: same family, first not after last. */
    IpConditions.IpRange ipRange(IpConditions.Address address, int i) {
        Ip first = ip(i);
        Ip last = ip(i + 1);
        if (first.isV4() != last.isV4()) {
            throw error(i + 1, "start_ip " + str(i) + " and end_ip " + str(i + 1) + " must both be IPv4 or both IPv6");
        }
        if (first.compareTo(last) > 0) {
            throw error(i + 1, "end_ip " + str(i + 1) + " is before start_ip " + str(i));
        }
        return new IpConditions.IpRange(address, first, last);
    }

    /** Hash buckets such as {@code "100-200|400"}: buckets 0..9999, ranges inclusive, spaces inside ignored as in BFE. */
    BitSet buckets(int i) {
        BitSet set = new BitSet(StringMatcher.HashIn.BUCKETS);
        for (String section : str(i).split("\\|", -1)) {
            String[] bounds = section.replace(" ", "").split("-", -1);
            if (bounds.length > 2) {
                throw error(i, "bucket range '" + section + "' has more than one '-'");
            }
            int first = number(i, bounds[0], StringMatcher.HashIn.BUCKETS - 1, "bucket");
            int last = bounds.length == 2 ? number(i, bounds[1], StringMatcher.HashIn.BUCKETS - 1, "bucket") : first;
            if (last < first) {
                throw error(i, "bucket range '" + section + "' ends before it starts");
            }
            set.set(first, last + 1);
        }
        return set;
    }

    long instant(int i) {
        try {
            return TimeConditions.parseInstant(str(i));
        } catch (IllegalArgumentException e) {
            throw error(i, e.getMessage());
        }
    }

    int[] timeOfDay(int i) {
        try {
            return TimeConditions.parseTimeOfDay(str(i));
        } catch (IllegalArgumentException e) {
            throw error(i, e.getMessage());
        }
    }

    private int number(int i, String text, int max, String what) {
        boolean digits = !text.isEmpty() && text.length() <= 5;
        for (int k = 0; k < text.length() && digits; k++) {
            digits = text.charAt(k) >= '0' && text.charAt(k) <= '9';
        }
        int n = digits ? Integer.parseInt(text) : -1;
        if (n < 0 || n > max) {
            throw error(i, (text.isEmpty() ? "an empty " + what : what + " '" + text + "'") + " in \"" + str(i)
                    + "\": expected a number 0-" + max);
        }
        return n;
    }
}
