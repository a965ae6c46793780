package io.portico.route;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a condition expression into tokens, each with its 0-based offset. Whitespace and
 * {@code //} comments are skipped. Strings are double-quoted with the escapes {@code \"} and
 * {@code \\} only, or back-quoted raw (no escapes, CRs dropped) as in BFE; a regular expression
 * is easiest to write raw. Runs once per expression at config load.
 */
final class ConditionLexer {

    enum Kind {
        IDENT("a primitive name"),
        STRING("a string"),
        BOOL("a bool"),
        INT("an integer"),
        LPAREN("'('"),
        RPAREN("')'"),
        COMMA("','"),
        AND("'&&'"),
        OR("'||'"),
        NOT("'!'"),
        EOF("the end of the condition");

        final String description;

        Kind(String description) {
            this.description = description;
        }
    }

    /** A token: for STRING the decoded value, for others the text as written. */
    record Token(Kind kind, String text, int pos) {
        String describe() {
            return switch (kind) {
                case IDENT -> "'" + text + "'";
                case BOOL, INT -> kind.description + " " + text;
                default -> kind.description;
            };
        }
    }

    private final String src;
    private int at;

    private ConditionLexer(String src) {
        this.src = src;
    }

    static List<Token> tokenize(String src) {
        ConditionLexer lexer = new ConditionLexer(src);
        List<Token> tokens = new ArrayList<>();
        Token t;
        do {
            t = lexer.next();
            tokens.add(t);
        } while (t.kind() != Kind.EOF);
        return tokens;
    }

    private Token next() {
        skipSpaceAndComments();
        int start = at;
        if (at >= src.length()) {
            return new Token(Kind.EOF, "", start);
        }
        char c = src.charAt(at);
        if (isIdentStart(c)) {
            while (at < src.length() && isIdentPart(src.charAt(at))) {
                at++;
            }
            String word = src.substring(start, at);
            Kind kind = word.equals("true") || word.equals("false") ? Kind.BOOL : Kind.IDENT;
            return new Token(kind, word, start);
        }
        if (c >= '0' && c <= '9') {
            while (at < src.length() && src.charAt(at) >= '0' && src.charAt(at) <= '9') {
                at++;
            }
            return new Token(Kind.INT, src.substring(start, at), start);
        }
        at++;
        return switch (c) {
            case '(' -> new Token(Kind.LPAREN, "(", start);
            case ')' -> new Token(Kind.RPAREN, ")", start);
            case ',' -> new Token(Kind.COMMA, ",", start);
            case '!' -> new Token(Kind.NOT, "!", start);
            case '&', '|' -> doubled(c, start);
            case '"' -> new Token(Kind.STRING, quoted(start), start);
            case '`' -> new Token(Kind.STRING, raw(start), start);
            case '$' -> throw new ConditionException(start, "condition variables ('$name') are not supported; write the condition out");
            default -> throw new ConditionException(start, "unexpected character " + printable(c)
                    + ": expected a primitive, '(', ')', '!', '&&', '||', ',' or a literal");
        };
    }

    private Token doubled(char c, int start) {
        if (at < src.length() && src.charAt(at) == c) {
            at++;
            return c == '&' ? new Token(Kind.AND, "&&", start) : new Token(Kind.OR, "||", start);
        }
        throw new ConditionException(start, "single '" + c + "': the operator is '" + c + c + "'");
    }

    private String quoted(int start) {
        StringBuilder sb = new StringBuilder();
        while (at < src.length()) {
            char c = src.charAt(at++);
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\n') {
                break;
            }
            if (c == '\\') {
                char e = at < src.length() ? src.charAt(at) : '\0';
                if (e != '"' && e != '\\') {
                    throw new ConditionException(at - 1, "unknown escape '\\" + (e == '\0' ? "" : String.valueOf(e))
                            + "' in a string: only \\\" and \\\\ are escapes; write a regular expression as a `raw string`");
                }
                at++;
                c = e;
            }
            sb.append(c);
        }
        throw new ConditionException(start, "string not terminated: expected a closing '\"' on the same line");
    }

    private String raw(int start) {
        int end = src.indexOf('`', at);
        if (end < 0) {
            throw new ConditionException(start, "raw string not terminated: expected a closing '`'");
        }
        String body = src.substring(at, end);
        at = end + 1;
        return body.indexOf('\r') < 0 ? body : body.replace("\r", "");
    }

    private void skipSpaceAndComments() {
        while (at < src.length()) {
            char c = src.charAt(at);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                at++;
            } else if (c == '/' && at + 1 < src.length() && src.charAt(at + 1) == '/') {
                while (at < src.length() && src.charAt(at) != '\n') {
                    at++;
                }
            } else {
                return;
            }
        }
    }

    private static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isIdentPart(char c) {
        return isIdentStart(c) || (c >= '0' && c <= '9') || c == '-';
    }

    private static String printable(char c) {
        return c < 0x20 || c == 0x7f ? String.format("U+%04X", (int) c) : "'" + c + "'";
    }
}
