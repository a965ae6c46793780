package io.portico.route;

import java.nio.charset.StandardCharsets;

/**
 * MurmurHash3, x64 128-bit variant (Austin Appleby's public-domain algorithm). {@link #hash64}
 * is the first 64-bit half with seed 0: the value BFE's {@code GetHash} takes (spaolacci/murmur3
 * {@code Sum64}), so {@code *_hash_in} buckets ({@code hash64(utf8 bytes) mod 10000}, unsigned)
 * are the same in Portico and BFE. Stateless.
 */
final class Murmur3 {
    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;

    private Murmur3() {
    }

    /** The first half of the 128-bit hash of the UTF-8 bytes of {@code s}; no allocation for ASCII. */
    static long hash64(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                return hash(utf8, null, utf8.length, 0, null);
            }
        }
        return hash(null, s, s.length(), 0, null);
    }

    /** The bucket 0..buckets-1 a value falls in: {@code hash64} read as unsigned, modulo {@code buckets}. */
    static int bucket(String s, int buckets) {
        return (int) Long.remainderUnsigned(hash64(s), buckets);
    }

    /** Both halves {h1, h2} with a seed, for the reference verification test. */
    static long[] hash128(byte[] data, int seed) {
        long[] out = new long[2];
        hash(data, null, data.length, seed, out);
        return out;
    }

    /** Reads from {@code bytes} when not null, else from the ASCII chars of {@code ascii}. */
    private static long hash(byte[] bytes, String ascii, int len, int seed, long[] out) {
        long h1 = seed & 0xffffffffL;
        long h2 = h1;
        int blocks = len >>> 4;
        for (int b = 0; b < blocks; b++) {
            int at = b << 4;
            long k1 = littleEndian(bytes, ascii, at, 8);
            long k2 = littleEndian(bytes, ascii, at + 8, 8);
            h1 ^= mixK1(k1);
            h1 = Long.rotateLeft(h1, 27) + h2;
            h1 = h1 * 5 + 0x52dce729;
            h2 ^= mixK2(k2);
            h2 = Long.rotateLeft(h2, 31) + h1;
            h2 = h2 * 5 + 0x38495ab5;
        }
        int tail = blocks << 4;
        int rest = len & 15;
        if (rest > 8) {
            h2 ^= mixK2(littleEndian(bytes, ascii, tail + 8, rest - 8));
        }
        if (rest > 0) {
            h1 ^= mixK1(littleEndian(bytes, ascii, tail, Math.min(rest, 8)));
        }
        h1 ^= len;
        h2 ^= len;
        h1 += h2;
        h2 += h1;
        h1 = fmix(h1);
        h2 = fmix(h2);
        h1 += h2;
        h2 += h1;
        if (out != null) {
            out[0] = h1;
            out[1] = h2;
        }
        return h1;
    }

    private static long littleEndian(byte[] bytes, String ascii, int at, int count) {
        long v = 0;
        for (int i = count - 1; i >= 0; i--) {
            int b = bytes != null ? bytes[at + i] & 0xff : ascii.charAt(at + i);
            v = (v << 8) | b;
        }
        return v;
    }

    private static long mixK1(long k1) {
        return Long.rotateLeft(k1 * C1, 31) * C2;
    }

    private static long mixK2(long k2) {
        return Long.rotateLeft(k2 * C2, 33) * C1;
    }

    private static long fmix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
