package io.portico.balance;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A stable 64-bit hash for sticky-session keys (client IP bytes, a header or cookie value).
 *
 * <p>Stable means the value for given bytes is fixed by this code: the same on every run, JVM
 * and machine, so every proxy of a fleet maps a key to the same backend and a restart does not
 * reshuffle sessions. Changing the algorithm below is therefore a visible change.
 *
 * <p>The algorithm, written for this project in the style of xxHash64: the input is read as
 * little-endian 64-bit words (a last partial word zero-padded); each word {@code w} is folded
 * into the state {@code h} (seeded with {@code SEED}) as
 * {@code h = rotl(h ^ (rotl(w * P2, 31) * P1), 27) * P1 + P4}; then {@code h ^= length in bytes}
 * and murmur3's 64-bit finalizer ({@link #mix}) spreads every input bit over the result. A
 * {@link CharSequence} is hashed as its UTF-8 bytes (an unpaired surrogate as {@code '?'}, as
 * {@link String#getBytes} does), so {@code hash64(s) == hash64(s.getBytes(UTF_8))}, computed
 * without allocating. Not a cryptographic hash: do not use it where keys are adversarial secrets.
 */
public final class Hashing {
    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P4 = 0x85EBCA77C2B2AE63L;
    private static final long SEED = 0x27D4EB2F165667C5L;
    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Hashing() {
    }

    public static long hash64(byte[] bytes) {
        return hash64(bytes, 0, bytes.length);
    }

    public static long hash64(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        long h = SEED;
        int end = offset + length;
        int i = offset;
        for (; i + 8 <= end; i += 8) {
            h = fold(h, (long) LONG_LE.get(bytes, i));
        }
        if (i < end) {
            long word = 0;
            for (int shift = 0; i < end; i++, shift += 8) {
                word |= (bytes[i] & 0xFFL) << shift;
            }
            h = fold(h, word);
        }
        return mix(h ^ length);
    }

    public static long hash64(CharSequence chars) {
        long h = SEED;
        long word = 0;
        int shift = 0;
        long length = 0;
        int n = chars.length();
        for (int i = 0; i < n; i++) {
            int cp = chars.charAt(i);
            if (Character.isSurrogate((char) cp)) {
                if (Character.isHighSurrogate((char) cp) && i + 1 < n && Character.isLowSurrogate(chars.charAt(i + 1))) {
                    cp = Character.toCodePoint((char) cp, chars.charAt(++i));
                } else {
                    cp = '?';
                }
            }
            int count = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            int encoded = utf8(cp, count);
            for (int k = 0; k < count; k++, encoded >>>= 8) {
                word |= (encoded & 0xFFL) << shift;
                shift += 8;
                if (shift == 64) {
                    h = fold(h, word);
                    word = 0;
                    shift = 0;
                }
            }
            length += count;
        }
        if (shift > 0) {
            h = fold(h, word);
        }
        return mix(h ^ length);
    }

    /** murmur3's 64-bit finalizer: a bijection whose every output bit depends on every input bit. */
    public static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        return h ^ h >>> 33;
    }

    private static long fold(long h, long word) {
        return Long.rotateLeft(h ^ Long.rotateLeft(word * P2, 31) * P1, 27) * P1 + P4;
    }

    /** The UTF-8 bytes of a code point, first byte lowest. */
    private static int utf8(int cp, int count) {
        return switch (count) {
            case 1 -> cp;
            case 2 -> (0xC0 | cp >> 6) | (0x80 | cp & 0x3F) << 8;
            case 3 -> (0xE0 | cp >> 12) | (0x80 | cp >> 6 & 0x3F) << 8 | (0x80 | cp & 0x3F) << 16;
            default -> (0xF0 | cp >> 18) | (0x80 | cp >> 12 & 0x3F) << 8 | (0x80 | cp >> 6 & 0x3F) << 16
                    | (0x80 | cp & 0x3F) << 24;
        };
    }
}
