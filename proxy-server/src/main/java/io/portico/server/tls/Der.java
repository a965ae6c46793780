package io.portico.server.tls;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The little DER that OCSP needs (RFC 6960 messages): reading a tag-length-value and its children,
 * writing one. Definite lengths only, as DER requires; anything malformed is an
 * {@link IllegalArgumentException}. Immutable.
 *
 * @param tag   the identifier octet (single-octet tags only: all OCSP uses)
 * @param value the contents octets
 */
record Der(int tag, byte[] value) {
    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;
    static final int ENUMERATED = 0x0a;
    static final int GENERALIZED_TIME = 0x18;
    static final int SEQUENCE = 0x30;
    private static final DateTimeFormatter GENERALIZED = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    /** The one element that is all of {@code der}. */
    static Der parse(byte[] der) {
        List<Der> all = elements(der, 0, der.length);
        if (all.size() != 1) {
            throw new IllegalArgumentException("not one DER element but " + all.size());
        }
        return all.getFirst();
    }

    /** The elements of a constructed value (a SEQUENCE, an explicit tag). */
    List<Der> children() {
        return elements(value, 0, value.length);
    }

    /** The n-th child, which must exist. */
    Der child(int n) {
        List<Der> c = children();
        if (n >= c.size()) {
            throw new IllegalArgumentException("DER element 0x" + Integer.toHexString(tag) + " has no child " + n);
        }
        return c.get(n);
    }

    Der expect(int expected) {
        if (tag != expected) {
            throw new IllegalArgumentException("DER tag 0x" + Integer.toHexString(tag) + " where 0x"
                    + Integer.toHexString(expected) + " belongs");
        }
        return this;
    }

    /** Context-specific tag {@code [n]}, constructed (EXPLICIT) or primitive (IMPLICIT). */
    boolean isContext(int n) {
        return (tag & 0xdf) == (0x80 | n);
    }

    BigInteger integer() {
        return new BigInteger(value);
    }

    /** A GeneralizedTime in UTC, with or without fractional seconds. */
    Instant time() {
        String s = new String(expect(GENERALIZED_TIME).value, StandardCharsets.US_ASCII);
        if (s.length() < 15 || !s.endsWith("Z")) {
            throw new IllegalArgumentException("GeneralizedTime not in UTC: " + s);
        }
        Instant whole = LocalDateTime.parse(s.substring(0, 14), GENERALIZED).toInstant(ZoneOffset.UTC);
        return s.length() > 16 && s.charAt(14) == '.' ? whole.plusNanos(fraction(s.substring(15, s.length() - 1))) : whole;
    }

    private static long fraction(String digits) {
        String nine = (digits + "000000000").substring(0, 9);
        return Long.parseLong(nine);
    }

    /** The whole element, re-encoded. */
    byte[] encoded() {
        return encode(tag, value);
    }

    static byte[] encode(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            content.writeBytes(p);
        }
        byte[] v = content.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream(v.length + 6);
        out.write(tag);
        if (v.length < 0x80) {
            out.write(v.length);
        } else {
            byte[] len = BigInteger.valueOf(v.length).toByteArray();
            int skip = len[0] == 0 ? 1 : 0;
            out.write(0x80 | (len.length - skip));
            out.write(len, skip, len.length - skip);
        }
        out.writeBytes(v);
        return out.toByteArray();
    }

    private static List<Der> elements(byte[] b, int from, int to) {
        List<Der> out = new ArrayList<>();
        int i = from;
        while (i < to) {
            int tag = b[i++] & 0xff;
            if ((tag & 0x1f) == 0x1f) {
                throw new IllegalArgumentException("multi-octet DER tags are not used by OCSP");
            }
            if (i >= to) {
                throw new IllegalArgumentException("DER truncated in a length");
            }
            int first = b[i++] & 0xff;
            long length;
            if (first < 0x80) {
                length = first;
            } else {
                int n = first & 0x7f;
                if (n == 0 || n > 4 || i + n > to) {
                    throw new IllegalArgumentException("bad DER length");
                }
                length = 0;
                for (int k = 0; k < n; k++) {
                    length = length << 8 | (b[i++] & 0xff);
                }
            }
            if (length > to - i) {
                throw new IllegalArgumentException("DER truncated: " + length + " bytes announced, " + (to - i) + " left");
            }
            out.add(new Der(tag, Arrays.copyOfRange(b, i, i + (int) length)));
            i += (int) length;
        }
        return out;
    }
}
