package io.portico.server.bfe;

import java.util.ArrayList;
import java.util.List;

/** Reading BFE condition text: its top-level {@code &&} terms. Stateless. */
final class Conditions {
    private Conditions() {
    }

    /**
     * The terms joined by {@code &&} outside parentheses and string literals, each stripped; a term
     * that is one parenthesised expression is opened and split in turn. A condition with a
     * top-level {@code ||} is one term.
     */
    static List<String> conjuncts(String cond) {
        String c = unwrap(cond.strip());
        if (split(c, "||").size() > 1) {
            return List.of(c);
        }
        List<String> parts = split(c, "&&");
        if (parts.size() == 1) {
            return parts;
        }
        List<String> out = new ArrayList<>();
        for (String p : parts) {
            String inner = unwrap(p);
            out.addAll(inner.equals(p) ? List.of(p) : conjuncts(inner));
        }
        return out;
    }

    /** The text inside one pair of parentheses that spans all of {@code s}; {@code s} itself when there is none. */
    private static String unwrap(String s) {
        while (s.startsWith("(") && closing(s, 0) == s.length() - 1) {
            s = s.substring(1, s.length() - 1).strip();
        }
        return s;
    }

    /** The index of the parenthesis closing the one at {@code open}, or -1. */
    private static int closing(String s, int open) {
        int depth = 0;
        boolean quoted = false;
        for (int i = open; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (quoted) {
                if (ch == '\\') {
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == '(') {
                depth++;
            } else if (ch == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> split(String s, String op) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (quoted) {
                if (ch == '\\') {
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == '(') {
                depth++;
            } else if (ch == ')') {
                depth--;
            } else if (depth == 0 && s.startsWith(op, i)) {
                out.add(s.substring(from, i).strip());
                from = i + op.length();
                i += op.length() - 1;
            }
        }
        out.add(s.substring(from).strip());
        return out;
    }
}
