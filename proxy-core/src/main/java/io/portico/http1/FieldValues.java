package io.portico.http1;

import io.portico.http.HttpFields;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The field values one connection saw lately, so a value that comes again (Host,
 * User-Agent, Accept on a client connection; Server, Content-Type, Connection on a backend
 * one) is the String made the first time instead of a new one per message. Looked up by the
 * hash the parser computes anyway while it validates the value, in sets of two slots: a
 * message's ten or so values then rarely evict each other (with one slot per hash, two of
 * nginx's eight response values shared a slot more often than not, and each message made
 * new Strings for both). Owned by the connection's thread; not thread-safe.
 */
public final class FieldValues {
    private static final int SETS = 32;
    private static final int MAX_LENGTH = 128;

    /** Slot {@code 2s} is the set's most recently stored value, {@code 2s + 1} the one before. */
    private final byte[][] keys = new byte[2 * SETS][];
    private final String[] strings = new String[2 * SETS];
    /** Where the parser collects a head's fields before copying them into a list of their exact size. */
    private final HttpFields scratch = new HttpFields(16);

    /** The empty scratch list; {@link #exact} hands its fields over and empties it again. */
    HttpFields scratch() {
        return scratch;
    }

    /** The scratch's fields in a list of their own size (no half-empty arrays per message). */
    HttpFields exact() {
        HttpFields out = HttpFields.copyOf(scratch, 0);
        scratch.clear();
        return out;
    }

    /** The String for {@code a[from, to)}, whose {@link KnownStrings#step} hash is {@code hash}. */
    String of(byte[] a, int from, int to, int hash) {
        int len = to - from;
        if (len > MAX_LENGTH) {
            return new String(a, from, len, StandardCharsets.ISO_8859_1);
        }
        int i = ((hash * 0x9E3779B9) >>> 27) << 1;
        if (matches(keys[i], a, from, to)) {
            return strings[i];
        }
        if (matches(keys[i + 1], a, from, to)) {
            return strings[i + 1];
        }
        String s = new String(a, from, len, StandardCharsets.ISO_8859_1);
        keys[i + 1] = keys[i];
        strings[i + 1] = strings[i];
        keys[i] = Arrays.copyOfRange(a, from, to);
        strings[i] = s;
        return s;
    }

    private static boolean matches(byte[] k, byte[] a, int from, int to) {
        return k != null && k.length == to - from && Arrays.equals(k, 0, k.length, a, from, to);
    }
}
