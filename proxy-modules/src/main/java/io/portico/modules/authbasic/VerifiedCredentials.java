package io.portico.modules.authbasic;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicReferenceArray;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Credentials that recently passed their (deliberately slow) bcrypt check, so a client sending
 * the same valid user and password on every request pays it once, not per request. Bounded: a
 * fixed table of {@link #SLOTS} entries, each the HMAC-SHA-256 of user and password under a key
 * made at random when the module loads and never stored, so the table alone reveals neither; a
 * newer entry overwrites an older one in its slot. Only successes are kept: a wrong password
 * always pays the full check. A reload builds a new table (the user file may have changed).
 * Shared by request threads; lock-free.
 */
final class VerifiedCredentials {
    static final int SLOTS = 1024;

    private final Mac prototype;
    private final AtomicReferenceArray<byte[]> slots = new AtomicReferenceArray<>(SLOTS);

    VerifiedCredentials() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        try {
            prototype = Mac.getInstance("HmacSHA256");
            prototype.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256", e);
        }
    }

    /** Whether these credentials are known good; else runs {@code check} and remembers a success. */
    boolean verify(String user, byte[] password, Check check) {
        byte[] mac = mac(user, password);
        int slot = ((mac[0] & 0xFF) << 8 | (mac[1] & 0xFF)) & (SLOTS - 1);
        byte[] kept = slots.get(slot);
        if (kept != null && MessageDigest.isEqual(kept, mac)) {
            return true;
        }
        boolean ok = check.matches(user, password);
        if (ok) {
            slots.set(slot, mac);
        }
        return ok;
    }

    /** The full check of a user and password. */
    @FunctionalInterface
    interface Check {
        boolean matches(String user, byte[] password);
    }

    private byte[] mac(String user, byte[] password) {
        Mac m;
        try {
            m = (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("HmacSHA256 cannot be cloned", e);
        }
        m.update(user.getBytes(StandardCharsets.UTF_8));
        m.update((byte) 0); // a user name holds no NUL: "ab"+"c" and "a"+"bc" stay apart
        return m.doFinal(password);
    }
}
