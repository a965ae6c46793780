package io.portico.modules.requestid;

import java.util.concurrent.ThreadLocalRandom;

/** Making and checking request ids. Stateless. */
final class RequestIds {
    static final int MAX_LENGTH = 128;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private RequestIds() {
    }

    /** Whether an incoming id may be kept: 1..128 characters, each visible ASCII (0x21..0x7e). */
    static boolean valid(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** 128 random bits as 32 lower-case hex digits. */
    static String hex() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] out = new char[32];
        digits(random.nextLong(), out, 0, 16);
        digits(random.nextLong(), out, 16, 16);
        return new String(out);
    }

    /** A random (version 4, IETF variant) UUID in its 36-character form. */
    static String uuid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        char[] out = new char[36];
        digits(high >>> 32, out, 0, 8);
        out[8] = '-';
        digits(high >>> 16, out, 9, 4);
        out[13] = '-';
        digits(high, out, 14, 4);
        out[18] = '-';
        digits(low >>> 48, out, 19, 4);
        out[23] = '-';
        digits(low, out, 24, 12);
        return new String(out);
    }

    /** Writes the low {@code count} hex digits of {@code bits} into {@code out} at {@code at}. */
    private static void digits(long bits, char[] out, int at, int count) {
        for (int i = count - 1; i >= 0; i--) {
            out[at + i] = HEX[(int) (bits & 0xF)];
            bits >>>= 4;
        }
    }
}
