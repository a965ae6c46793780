package io.portico.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HashBucketTest {

    @Test
    void murmur3MatchesPublishedVectors() {
        assertThat(Murmur3.hash64("")).isZero();
        // Guava murmur3_128 / spaolacci Sum64 of the same strings
        assertThat(Murmur3.hash64("hello")).isEqualTo(0xcbd8a7b341bd9b02L);
        assertThat(Murmur3.hash64("The quick brown fox jumps over the lazy dog")).isEqualTo(0xe34bbc7bbc071b6cL);
        assertThat(Murmur3.hash64("héllo wörld, ünïcode")).isEqualTo(0xf42aaba8d55e3f08L);
    }

    @Test
    void murmur3PassesTheSmhasherVerificationTest() {
        // SMHasher: hash keys {}, {0}, {0,1}, ... {0..254} with seed 256-n, then hash all results with seed 0
        byte[] key = new byte[256];
        byte[] results = new byte[16 * 256];
        for (int n = 0; n < 256; n++) {
            key[n] = (byte) n;
            long[] h = Murmur3.hash128(java.util.Arrays.copyOf(key, n), 256 - n);
            for (int b = 0; b < 8; b++) {
                results[n * 16 + b] = (byte) (h[0] >>> (8 * b));
                results[n * 16 + 8 + b] = (byte) (h[1] >>> (8 * b));
            }
        }
        assertThat((int) Murmur3.hash128(results, 0)[0]).isEqualTo(0x6384ba69);
    }

    @Test
    void asciiAndUtf8PathsAgree() {
        for (String s : List.of("a", "0123456789abcdef", "0123456789abcdefg", "x".repeat(31))) {
            assertThat(Murmur3.hash64(s)).isEqualTo(Murmur3.hash128(s.getBytes(StandardCharsets.UTF_8), 0)[0]);
        }
    }

    /** Fixed so that a change of hash (which would move every user between buckets) fails here. */
    @ParameterizedTest
    @CsvSource({
            "hello, 2306",
            "HELLO, 797",
            "Hello, 1660",
            "10.0.0.1, 4505",
            "2001:db8::1, 4624",
            "::1, 4358",
            "session-42, 7745",
            "Session-42, 835",
            "uid-12345, 8280",
            "a, 7801"})
    void bucketsAreStable(String value, int bucket) {
        assertThat(Murmur3.bucket(value, 10_000)).isEqualTo(bucket);
    }

    @Test
    void emptyValueFallsInBucketZero() {
        assertThat(Murmur3.bucket("", 10_000)).isZero();
    }

    @Test
    void bucketListsSelectExactlyTheirRanges() {
        Condition c = Conditions.compile("req_header_value_hash_in(\"X\", \" 0 |100 - 200|9999\", false)");
        var matcher = (StringMatcher.HashIn) ((RequestConditions.FieldMatch) c).matcher();
        assertThat(matcher.buckets().cardinality()).isEqualTo(103);
        assertThat(matcher.buckets().get(0)).isTrue();
        assertThat(matcher.buckets().get(99)).isFalse();
        assertThat(matcher.buckets().get(100)).isTrue();
        assertThat(matcher.buckets().get(200)).isTrue();
        assertThat(matcher.buckets().get(201)).isFalse();
        assertThat(matcher.buckets().get(9999)).isTrue();
    }
}
