package io.portico.modules.authbasic;

import static org.assertj.core.api.Assertions.assertThat;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What a credential check costs: the same for unknown and listed users, and paid once for valid ones. */
class CredentialCostTest {
    private static final int COST = 10; // about 50 ms a check: the gap below is orders of magnitude, not noise

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Htpasswd users() {
        String slow = new String(BCrypt.with(BCrypt.Version.VERSION_2Y).hash(COST, utf8("right")), StandardCharsets.US_ASCII);
        String fast = new String(BCrypt.with(BCrypt.Version.VERSION_2Y).hash(4, utf8("quick")), StandardCharsets.US_ASCII);
        return Htpasswd.parse(List.of("alice:" + slow, "bob:" + fast, "carol:{SHA}/vNB+F2HQ559kaLUZbmHHvZrXpg="),
                (line, problem) -> { throw new AssertionError(problem); });
    }

    private static long medianNanos(Runnable r) {
        long[] t = new long[5];
        for (int i = 0; i < t.length; i++) {
            long start = System.nanoTime();
            r.run();
            t[i] = System.nanoTime() - start;
        }
        Arrays.sort(t);
        return t[2];
    }

    @Test
    void anUnknownUserCostsWhatTheCostliestListedUserDoes() {
        Htpasswd users = users();
        users.check("alice", utf8("warm-up"));
        long known = medianNanos(() -> assertThat(users.check("alice", utf8("wrong"))).isFalse());
        long unknown = medianNanos(() -> assertThat(users.check("mallory", utf8("wrong"))).isFalse());
        // Without the dummy check an unknown user answers in microseconds, against tens of milliseconds.
        assertThat(unknown).as("unknown %d ns vs known %d ns", unknown, known).isGreaterThan(known / 3);
        assertThat(users.check("mallory", utf8("right"))).as("the dummy's password lets nobody in").isFalse();
    }

    @Test
    void validCredentialsArePaidForOnceAndWrongOnesEveryTime() {
        VerifiedCredentials verified = new VerifiedCredentials();
        AtomicInteger checks = new AtomicInteger();
        Htpasswd users = users();
        VerifiedCredentials.Check counted = (u, p) -> {
            checks.incrementAndGet();
            return users.check(u, p);
        };
        for (int i = 0; i < 3; i++) {
            assertThat(verified.verify("alice", utf8("right"), counted)).isTrue();
        }
        assertThat(checks.get()).isEqualTo(1);
        for (int i = 0; i < 3; i++) {
            assertThat(verified.verify("alice", utf8("wrong"), counted)).isFalse();
        }
        assertThat(checks.get()).isEqualTo(4);
        assertThat(verified.verify("bob", utf8("right"), counted)).as("another user, the same password").isFalse();
        assertThat(verified.verify("alic", utf8("eright"), counted)).as("the same bytes split elsewhere").isFalse();
        assertThat(checks.get()).isEqualTo(6);
    }

    @Test
    void theTableIsBoundedAndOverwritesOlderEntries() {
        VerifiedCredentials verified = new VerifiedCredentials();
        AtomicInteger checks = new AtomicInteger();
        VerifiedCredentials.Check always = (u, p) -> {
            checks.incrementAndGet();
            return true;
        };
        List<String> names = new ArrayList<>();
        for (int i = 0; i < VerifiedCredentials.SLOTS * 8; i++) {
            names.add("user" + i);
            verified.verify("user" + i, utf8("pw"), always);
        }
        checks.set(0);
        for (String n : names) {
            verified.verify(n, utf8("pw"), always);
        }
        // at most SLOTS of them can still be remembered
        assertThat(checks.get()).isGreaterThanOrEqualTo(names.size() - VerifiedCredentials.SLOTS);
    }
}
