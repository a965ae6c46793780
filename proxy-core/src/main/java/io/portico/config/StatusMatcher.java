package io.portico.config;

/**
 * Which response statuses count as healthy: {@code "200"}, {@code "2xx"}, {@code "200|204"},
 * {@code "2xx|304"}. Parsed once into a table; {@link #matches} is a lookup.
 */
public final class StatusMatcher {
    private static final int MIN = 100;
    private static final int MAX = 599;
    private final String text;
    private final boolean[] accepted = new boolean[MAX + 1];

    private StatusMatcher(String text) {
        this.text = text;
    }

    /** @throws IllegalArgumentException with a reason */
    public static StatusMatcher parse(String text) {
        StatusMatcher m = new StatusMatcher(text);
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty; expected statuses like \"200\", \"2xx\" or \"200|204\"");
        }
        int start = 0;
        while (start <= text.length()) {
            int bar = text.indexOf('|', start);
            int end = bar < 0 ? text.length() : bar;
            m.add(text.substring(start, end));
            start = end + 1;
        }
        return m;
    }

    private void add(String part) {
        if (part.length() == 3 && part.charAt(0) >= '1' && part.charAt(0) <= '5'
                && part.charAt(1) == 'x' && part.charAt(2) == 'x') {
            int base = (part.charAt(0) - '0') * 100;
            for (int s = base; s < base + 100; s++) {
                accepted[s] = true;
            }
            return;
        }
        if (part.length() == 3 && isDigits(part)) {
            int status = Integer.parseInt(part);
            if (status >= MIN && status <= MAX) {
                accepted[status] = true;
                return;
            }
        }
        throw new IllegalArgumentException("\"" + part + "\" is not a status (100..599) or a class like \"2xx\"");
    }

    private static boolean isDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    public boolean matches(int status) {
        return status >= MIN && status <= MAX && accepted[status];
    }

    public String text() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StatusMatcher other && other.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
