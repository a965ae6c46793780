package io.portico.testing;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of bodies, to compare what one end sent with what the other received. */
public final class Sha256 {
    private Sha256() {
    }

    /** A fresh SHA-256 digest, for bodies fed to it in pieces. */
    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The hex SHA-256 of {@code bytes}. */
    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    /**
     * Feeds {@code digest} from {@code in} until the end of the stream or {@code max} bytes, whichever
     * comes first, and returns how many bytes it fed: a body digested as it streams, never held whole.
     */
    public static long feed(MessageDigest digest, InputStream in, long max) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        int n;
        while (total < max && (n = in.read(buf, 0, (int) Math.min(buf.length, max - total))) > 0) {
            digest.update(buf, 0, n);
            total += n;
        }
        return total;
    }

    /** The hex of what {@code digest} has been fed (which resets it). */
    public static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }
}
