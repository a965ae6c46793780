package io.portico.modules.errors;

/**
 * A set of error statuses (400..599) written as {@code "502"}, {@code "5xx"} or a comma list of
 * both ({@code "404, 502, 503"}, {@code "4xx,5xx"}). Immutable; a lookup is one array read.
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
    static StatusSet parse(String text) {
        boolean[] member = new boolean[MAX - MIN + 1];
        boolean any = false;
        for (String part : text.split(",", -1)) {
            String p = part.strip();
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
            } else {
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
            any = true;
        }
        if (!any) {
            throw new IllegalArgumentException("no status given");
        }
        return new StatusSet(member);
    }
}
