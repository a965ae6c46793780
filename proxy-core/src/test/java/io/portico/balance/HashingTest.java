package io.portico.balance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HashingTest {

    @Test
    void valuesAreFixedAcrossRunsAndMachines() {
        assertThat(Hashing.hash64("")).isEqualTo(0x9353DFC8A195F3E2L);
        assertThat(Hashing.hash64("a")).isEqualTo(0x78EE337653892EFFL);
        assertThat(Hashing.hash64("10.0.0.1")).isEqualTo(0x449CD1A34C0803D8L);
        assertThat(Hashing.hash64("0123456789abcdef0123")).isEqualTo(0xE3CDB39E1D1CEF4BL);
        assertThat(Hashing.hash64("session=Zm9vYmFy")).isEqualTo(0x5B77CA0B106F1F04L);
    }

    @Test
    void textHashesAsItsUtf8Bytes() {
        String[] samples = {"", "a", "10.0.0.1", "0123456789abcdef0123", "café", "日本語のクッキー",
            "emoji 😀 in the middle", "\uD800 lone high", "lone low \uDC00", "trailing high \uD83D",
            "x".repeat(63), "é".repeat(33)};
        for (String s : samples) {
            assertThat(Hashing.hash64(s)).as(s).isEqualTo(Hashing.hash64(s.getBytes(StandardCharsets.UTF_8)));
            assertThat(Hashing.hash64(new StringBuilder(s))).as(s).isEqualTo(Hashing.hash64(s));
        }
    }

    @Test
    void aSliceHashesLikeTheSameBytesAlone() {
        byte[] framed = "xx10.0.0.1yy".getBytes(StandardCharsets.US_ASCII);
        assertThat(Hashing.hash64(framed, 2, 8)).isEqualTo(Hashing.hash64("10.0.0.1"));
    }

    @Test
    void trailingZeroBytesChangeTheHash() {
        Set<Long> seen = new HashSet<>();
        for (int length = 0; length <= 17; length++) {
            assertThat(seen.add(Hashing.hash64(new byte[length]))).as("length %d", length).isTrue();
        }
    }

    @Test
    void everyOutputBitIsSetForAboutHalfOfSimilarKeys() {
        int keys = 20_000;
        int[] ones = new int[64];
        for (int i = 0; i < keys; i++) {
            long h = Hashing.hash64("10.1." + i / 256 + "." + i % 256);
            for (int bit = 0; bit < 64; bit++) {
                ones[bit] += (int) (h >>> bit & 1);
            }
        }
        for (int bit = 0; bit < 64; bit++) {
            assertThat(ones[bit]).as("bit %d", bit).isBetween(keys * 47 / 100, keys * 53 / 100);
        }
    }

    @Test
    void oneFlippedInputBitFlipsAboutHalfTheOutputBits() {
        byte[] key = "client-42".getBytes(StandardCharsets.US_ASCII);
        long base = Hashing.hash64(key);
        int total = 0;
        for (int bit = 0; bit < key.length * 8; bit++) {
            key[bit / 8] ^= (byte) (1 << bit % 8);
            total += Long.bitCount(base ^ Hashing.hash64(key));
            key[bit / 8] ^= (byte) (1 << bit % 8);
        }
        double average = (double) total / (key.length * 8);
        assertThat(average).isBetween(28.0, 36.0);
    }
}
