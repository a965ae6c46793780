package io.portico.http2;

import java.util.Arrays;
import java.util.HexFormat;

/** Equality, hashing and log text for the byte ranges frames carry. */
final class Bytes {
    static final byte[] EMPTY = new byte[0];
    private static final int SHOWN = 16;

    private Bytes() {
    }

    static boolean equal(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen) {
        return Arrays.equals(a, aOff, aOff + aLen, b, bOff, bOff + bLen);
    }

    static int hash(byte[] a, int off, int len) {
        int h = 1;
        for (int i = off; i < off + len; i++) {
            h = 31 * h + a[i];
        }
        return h;
    }

    /** {@code "3 bytes 616263"}, the hex cut after 16 bytes. */
    static String describe(byte[] a, int off, int len) {
        String hex = HexFormat.of().formatHex(a, off, off + Math.min(len, SHOWN));
        return len + " bytes " + hex + (len > SHOWN ? "..." : "");
    }
}
