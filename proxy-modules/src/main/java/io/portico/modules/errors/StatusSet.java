package io.portico.modules.errors;

import java.util.List;

/**
 * A set of error statuses (400..599) written as {@code "502"}, {@code "5xx"} or a list of both
 * separated by {@code |} or {@code ,} ({@code "502|503"}, {@code "404, 5xx"}), or given as
 * integers ({@code [502, 503, 504]}). Immutable; a lookup is one array read.
 */
final class StatusSet {
    static final int MIN = 400;
    static final int MAX = 599;

    private final boolean[] member;

    private StatusSet(boolean[] member) {
        this.member = member;
    }

    boolean contains(int status) {
        return status >= MIN && status <= MAX && member[status - MIN];
    }

    /** @throws IllegalArgumentException with what is wrong, for the config error */
    static StatusSet of(List<Long> statuses) {
        if (statuses.isEmpty()) {
            throw new IllegalArgumentException("no status given");
        }
        boolean[] member = new boolean[MAX - MIN + 1];
        for (long s : statuses) {
            if (s < MIN || s > MAX) {
                throw new IllegalArgumentException(s + " is not an error status (400..599)");
            }
            member[(int) s - MIN] = true;
        }
        return new StatusSet(member);
    }

    /** @throws IllegalArgumentException with what is wrong, for the config error */
    static StatusSet parse(String text) {
        boolean[] member = new boolean[MAX - MIN + 1];
        int from = 0;
        while (from <= text.length()) {
            int to = from;
            while (to < text.length() && text.charAt(to) != ',' && text.charAt(to) != '|') {
                to++;
            }
            add(member, text.substring(from, to).strip());
            from = to + 1;
        }
        return new StatusSet(member);
    }

    private static void add(boolean[] member, String p) {
        if (p.length() != 3) {
            throw new IllegalArgumentException("\"" + p + "\" is not a status like 502 or a class like 5xx");
        }
        if ((p.charAt(1) == 'x' || p.charAt(1) == 'X') && (p.charAt(2) == 'x' || p.charAt(2) == 'X')) {
            int cls = p.charAt(0) - '0';
            if (cls != 4 && cls != 5) {
                throw new IllegalArgumentException("\"" + p + "\": only 4xx and 5xx are error classes");
            }
            for (int s = cls * 100; s < cls * 100 + 100; s++) {
                member[s - MIN] = true;
            }
            return;
        }
        int s = 0;
        for (int i = 0; i < 3; i++) {
            char c = p.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("\"" + p + "\" is not a status like 502 or a class like 5xx");
            }
            s = s * 10 + (c - '0');
        }
        if (s < MIN || s > MAX) {
            throw new IllegalArgumentException(s + " is not an error status (400..599)");
        }
        member[s - MIN] = true;
    }
}
