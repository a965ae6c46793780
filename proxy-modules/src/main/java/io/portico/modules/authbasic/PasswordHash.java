package io.portico.modules.authbasic;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** One user's password hash from an htpasswd file. Immutable; checks are safe from any thread. */
sealed interface PasswordHash {

    /** Whether {@code password} (the bytes the client sent) hashes to this; compares in constant time. */
    boolean matches(byte[] password);

    /** How costly a check is, to rank hashes: SHA-1 0, apr1 1 (1,000 MD5 rounds), bcrypt 2 + its cost factor. */
    int cost();

    /** {@code $2y$}, {@code $2a$} or {@code $2b$} bcrypt (htpasswd {@code -B}), checked by the bcrypt library. */
    record Bcrypt(byte[] hash) implements PasswordHash {
        // Like OpenBSD's bcrypt (which htpasswd uses), only the first 72 bytes of a password count.
        private static final BCrypt.Verifyer VERIFYER =
                BCrypt.verifyer(null, LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2A));

        @Override
        public boolean matches(byte[] password) {
            return VERIFYER.verify(password, hash).verified;
        }

        @Override
        public int cost() {
            return 2 + (hash[4] - '0') * 10 + (hash[5] - '0');
        }
    }

    /** {@code {SHA}} + base64 of the SHA-1 of the password (htpasswd {@code -s}). */
    record Sha1(byte[] digest) implements PasswordHash {
        @Override
        public boolean matches(byte[] password) {
            return MessageDigest.isEqual(messageDigest("SHA-1").digest(password), digest);
        }

        @Override
        public int cost() {
            return 0;
        }
    }

    /** {@code $apr1$salt$hash}, Apache's MD5-crypt (htpasswd {@code -m}, its default). */
    record Apr1Md5(String salt, byte[] full) implements PasswordHash {
        @Override
        public boolean matches(byte[] password) {
            return MessageDigest.isEqual(Apr1.crypt(password, salt).getBytes(StandardCharsets.US_ASCII), full);
        }

        @Override
        public int cost() {
            return 1;
        }
    }

    /**
     * Reads one hash as htpasswd writes it.
     *
     * @throws IllegalArgumentException for another format (crypt(3) DES, plain text) or a malformed hash
     */
    static PasswordHash parse(String text) {
        if (text.startsWith("$2y$") || text.startsWith("$2a$") || text.startsWith("$2b$")) {
            // $2x$NN$ + 22 characters of salt + 31 of hash
            if (text.length() != 60 || text.charAt(6) != '$' || !Character.isDigit(text.charAt(4))
                    || !Character.isDigit(text.charAt(5))) {
                throw new IllegalArgumentException("malformed bcrypt hash");
            }
            return new Bcrypt(text.getBytes(StandardCharsets.US_ASCII));
        }
        if (text.startsWith("{SHA}")) {
            byte[] d;
            try {
                d = Base64.getDecoder().decode(text.substring(5));
            } catch (IllegalArgumentException e) {
                d = new byte[0];
            }
            if (d.length != 20) {
                throw new IllegalArgumentException("malformed {SHA} hash: expected base64 of 20 bytes");
            }
            return new Sha1(d);
        }
        if (text.startsWith(Apr1.MAGIC)) {
            int end = text.indexOf('$', Apr1.MAGIC.length());
            if (end < 0 || end - Apr1.MAGIC.length() > 8 || text.length() != end + 23) {
                throw new IllegalArgumentException("malformed $apr1$ hash");
            }
            return new Apr1Md5(text.substring(Apr1.MAGIC.length(), end), text.getBytes(StandardCharsets.US_ASCII));
        }
        throw new IllegalArgumentException("unsupported password hash: use bcrypt (htpasswd -B), "
                + "apr1 (htpasswd -m) or SHA-1 (htpasswd -s)");
    }

    private static MessageDigest messageDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no " + algorithm, e);
        }
    }
}
