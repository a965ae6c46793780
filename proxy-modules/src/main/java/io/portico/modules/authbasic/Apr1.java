package io.portico.modules.authbasic;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Apache's {@code $apr1$} password hash: Poul-Henning Kamp's MD5-crypt with Apache's magic
 * string, as htpasswd {@code -m} writes it. Stateless.
 */
final class Apr1 {
    static final String MAGIC = "$apr1$";
    private static final byte[] MAGIC_BYTES = MAGIC.getBytes(StandardCharsets.US_ASCII);
    private static final char[] ITOA64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final int MAX_SALT = 8;

    private Apr1() {
    }

    /** The full hash {@code $apr1$salt$digest} of {@code password} with {@code salt} (at most 8 characters are used). */
    static String crypt(byte[] password, String salt) {
        byte[] s = salt.substring(0, Math.min(salt.length(), MAX_SALT)).getBytes(StandardCharsets.US_ASCII);
        MessageDigest md = md5();
        md.update(password);
        md.update(s);
        md.update(password);
        byte[] alternate = md.digest();

        md.update(password);
        md.update(MAGIC_BYTES);
        md.update(s);
        for (int left = password.length; left > 0; left -= 16) {
            md.update(alternate, 0, Math.min(left, 16));
        }
        for (int i = password.length; i != 0; i >>>= 1) {
            if ((i & 1) != 0) {
                md.update((byte) 0);
            } else {
                md.update(password[0]);
            }
        }
        byte[] result = md.digest();

        // 1000 rounds to slow brute force down, mixing in password and salt by the round number.
        for (int round = 0; round < 1000; round++) {
            if ((round & 1) != 0) {
                md.update(password);
            } else {
                md.update(result);
            }
            if (round % 3 != 0) {
                md.update(s);
            }
            if (round % 7 != 0) {
                md.update(password);
            }
            if ((round & 1) != 0) {
                md.update(result);
            } else {
                md.update(password);
            }
            result = md.digest();
        }

        StringBuilder out = new StringBuilder(MAGIC.length() + s.length + 1 + 22);
        out.append(MAGIC).append(new String(s, StandardCharsets.US_ASCII)).append('$');
        to64(out, result[0], result[6], result[12], 4);
        to64(out, result[1], result[7], result[13], 4);
        to64(out, result[2], result[8], result[14], 4);
        to64(out, result[3], result[9], result[15], 4);
        to64(out, result[4], result[10], result[5], 4);
        to64(out, (byte) 0, (byte) 0, result[11], 2);
        return out.toString();
    }

    private static void to64(StringBuilder out, byte b2, byte b1, byte b0, int chars) {
        int v = ((b2 & 0xff) << 16) | ((b1 & 0xff) << 8) | (b0 & 0xff);
        for (int i = 0; i < chars; i++) {
            out.append(ITOA64[v & 0x3f]);
            v >>>= 6;
        }
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no MD5", e);
        }
    }
}
