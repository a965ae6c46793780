package io.portico.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Percent-encoding (RFC 3986 §2.1) as backends read it. Stateless. */
public final class PercentEncoding {
    private PercentEncoding() {
    }

    /** The value of a hex digit, or -1 (ASCII digits and letters only). */
    public static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /**
     * {@code s[from, to)} with its %XX escapes decoded as UTF-8 ({@code +} a space when
     * {@code plusIsSpace}, as query strings and form bodies have it); a malformed escape stays as
     * it is, as lenient decoders (PHP, most frameworks) leave it. {@code s} itself when there is
     * nothing to decode.
     */
    public static String decodeLeniently(String s, int from, int to, boolean plusIsSpace) {
        boolean plain = true;
        for (int i = from; i < to && plain; i++) {
            char c = s.charAt(i);
            plain = c != '%' && !(plusIsSpace && c == '+');
        }
        if (plain) {
            return from == 0 && to == s.length() ? s : s.substring(from, to);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            int hi = c == '%' && i + 2 < to ? hex(s.charAt(i + 1)) : -1;
            int lo = hi >= 0 ? hex(s.charAt(i + 2)) : -1;
            if (lo >= 0) {
                out.write(hi << 4 | lo);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                out.write(' ');
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
