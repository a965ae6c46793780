package io.portico.http1;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The field values one connection saw lately, so a value that comes again (Host,
 * User-Agent, Accept on a client connection; Server, Content-Type, Connection on a backend
 * one) is the String made the first time instead of a new one per message. A few slots,
 * looked up by the hash the parser computes anyway while it validates the value. Owned by the
 * connection's thread; not thread-safe.
 */
public final class FieldValues {
    private static final int SLOTS = 32;
    private static final int MAX_LENGTH = 128;

    private final byte[][] keys = new byte[SLOTS][];
    private final String[] strings = new String[SLOTS];

    /** The String for {@code a[from, to)}, whose {@link KnownStrings#step} hash is {@code hash}. */
    String of(byte[] a, int from, int to, int hash) {
        int len = to - from;
        if (len > MAX_LENGTH) {
            return new String(a, from, len, StandardCharsets.ISO_8859_1);
        }
        int i = (hash * 0x9E3779B9 >>> 27) & (SLOTS - 1);
        byte[] k = keys[i];
        if (k != null && k.length == len && Arrays.equals(k, 0, len, a, from, to)) {
            return strings[i];
        }
        String s = new String(a, from, len, StandardCharsets.ISO_8859_1);
        keys[i] = Arrays.copyOfRange(a, from, to);
        strings[i] = s;
        return s;
    }
}
