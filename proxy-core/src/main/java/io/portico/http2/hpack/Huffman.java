package io.portico.http2.hpack;

import io.portico.io.ByteBuf;

/**
 * The HPACK Huffman code (RFC 7541 §5.2 and Appendix B). Encoding packs each symbol's code into
 * a 64-bit accumulator; decoding walks a state machine four bits at a time: a state is an
 * internal node of the code tree (there are 256), and one table of 256 × 16 transitions, built
 * once at class init, gives for a state and a nibble the next state and the symbol it completes,
 * if any (codes are at least 5 bits long, so one nibble completes at most one). Strings are
 * ISO-8859-1: a char above 0xFF is encoded as {@code '?'}, as {@link ByteBuf#writeLatin1} does.
 * Stateless; shared by all threads.
 */
final class Huffman {
    /** The end-of-string symbol: its code prefixes padding and must never appear in a string. */
    static final int EOS = 256;

    /** Code and bit length of each symbol 0..256, from RFC 7541 Appendix B (codes are right-aligned). */
    private static final int[] TABLE = {
        0x1ff8, 13, 0x7fffd8, 23, 0xfffffe2, 28, 0xfffffe3, 28,                       // 0 1 2 3
        0xfffffe4, 28, 0xfffffe5, 28, 0xfffffe6, 28, 0xfffffe7, 28,                   // 4 5 6 7
        0xfffffe8, 28, 0xffffea, 24, 0x3ffffffc, 30, 0xfffffe9, 28,                   // 8 9 10 11
        0xfffffea, 28, 0x3ffffffd, 30, 0xfffffeb, 28, 0xfffffec, 28,                  // 12 13 14 15
        0xfffffed, 28, 0xfffffee, 28, 0xfffffef, 28, 0xffffff0, 28,                   // 16 17 18 19
        0xffffff1, 28, 0xffffff2, 28, 0x3ffffffe, 30, 0xffffff3, 28,                  // 20 21 22 23
        0xffffff4, 28, 0xffffff5, 28, 0xffffff6, 28, 0xffffff7, 28,                   // 24 25 26 27
        0xffffff8, 28, 0xffffff9, 28, 0xffffffa, 28, 0xffffffb, 28,                   // 28 29 30 31
        0x14, 6, 0x3f8, 10, 0x3f9, 10, 0xffa, 12,                                     // 32 '!' '"' '#'
        0x1ff9, 13, 0x15, 6, 0xf8, 8, 0x7fa, 11,                                      // '$' '%' '&' '''
        0x3fa, 10, 0x3fb, 10, 0xf9, 8, 0x7fb, 11,                                     // '(' ')' '*' '+'
        0xfa, 8, 0x16, 6, 0x17, 6, 0x18, 6,                                           // ',' '-' '.' '/'
        0x0, 5, 0x1, 5, 0x2, 5, 0x19, 6,                                              // '0' '1' '2' '3'
        0x1a, 6, 0x1b, 6, 0x1c, 6, 0x1d, 6,                                           // '4' '5' '6' '7'
        0x1e, 6, 0x1f, 6, 0x5c, 7, 0xfb, 8,                                           // '8' '9' ':' ';'
        0x7ffc, 15, 0x20, 6, 0xffb, 12, 0x3fc, 10,                                    // '<' '=' '>' '?'
        0x1ffa, 13, 0x21, 6, 0x5d, 7, 0x5e, 7,                                        // '@' 'A' 'B' 'C'
        0x5f, 7, 0x60, 7, 0x61, 7, 0x62, 7,                                           // 'D' 'E' 'F' 'G'
        0x63, 7, 0x64, 7, 0x65, 7, 0x66, 7,                                           // 'H' 'I' 'J' 'K'
        0x67, 7, 0x68, 7, 0x69, 7, 0x6a, 7,                                           // 'L' 'M' 'N' 'O'
        0x6b, 7, 0x6c, 7, 0x6d, 7, 0x6e, 7,                                           // 'P' 'Q' 'R' 'S'
        0x6f, 7, 0x70, 7, 0x71, 7, 0x72, 7,                                           // 'T' 'U' 'V' 'W'
        0xfc, 8, 0x73, 7, 0xfd, 8, 0x1ffb, 13,                                        // 'X' 'Y' 'Z' '['
        0x7fff0, 19, 0x1ffc, 13, 0x3ffc, 14, 0x22, 6,                                 // 92 ']' '^' '_'
        0x7ffd, 15, 0x3, 5, 0x23, 6, 0x4, 5,                                          // '`' 'a' 'b' 'c'
        0x24, 6, 0x5, 5, 0x25, 6, 0x26, 6,                                            // 'd' 'e' 'f' 'g'
        0x27, 6, 0x6, 5, 0x74, 7, 0x75, 7,                                            // 'h' 'i' 'j' 'k'
        0x28, 6, 0x29, 6, 0x2a, 6, 0x7, 5,                                            // 'l' 'm' 'n' 'o'
        0x2b, 6, 0x76, 7, 0x2c, 6, 0x8, 5,                                            // 'p' 'q' 'r' 's'
        0x9, 5, 0x2d, 6, 0x77, 7, 0x78, 7,                                            // 't' 'u' 'v' 'w'
        0x79, 7, 0x7a, 7, 0x7b, 7, 0x7ffe, 15,                                        // 'x' 'y' 'z' '{'
        0x7fc, 11, 0x3ffd, 14, 0x1ffd, 13, 0xffffffc, 28,                             // '|' '}' '~' 127
        0xfffe6, 20, 0x3fffd2, 22, 0xfffe7, 20, 0xfffe8, 20,                          // 128 129 130 131
        0x3fffd3, 22, 0x3fffd4, 22, 0x3fffd5, 22, 0x7fffd9, 23,                       // 132 133 134 135
        0x3fffd6, 22, 0x7fffda, 23, 0x7fffdb, 23, 0x7fffdc, 23,                       // 136 137 138 139
        0x7fffdd, 23, 0x7fffde, 23, 0xffffeb, 24, 0x7fffdf, 23,                       // 140 141 142 143
        0xffffec, 24, 0xffffed, 24, 0x3fffd7, 22, 0x7fffe0, 23,                       // 144 145 146 147
        0xffffee, 24, 0x7fffe1, 23, 0x7fffe2, 23, 0x7fffe3, 23,                       // 148 149 150 151
        0x7fffe4, 23, 0x1fffdc, 21, 0x3fffd8, 22, 0x7fffe5, 23,                       // 152 153 154 155
        0x3fffd9, 22, 0x7fffe6, 23, 0x7fffe7, 23, 0xffffef, 24,                       // 156 157 158 159
        0x3fffda, 22, 0x1fffdd, 21, 0xfffe9, 20, 0x3fffdb, 22,                        // 160 161 162 163
        0x3fffdc, 22, 0x7fffe8, 23, 0x7fffe9, 23, 0x1fffde, 21,                       // 164 165 166 167
        0x7fffea, 23, 0x3fffdd, 22, 0x3fffde, 22, 0xfffff0, 24,                       // 168 169 170 171
        0x1fffdf, 21, 0x3fffdf, 22, 0x7fffeb, 23, 0x7fffec, 23,                       // 172 173 174 175
        0x1fffe0, 21, 0x1fffe1, 21, 0x3fffe0, 22, 0x1fffe2, 21,                       // 176 177 178 179
        0x7fffed, 23, 0x3fffe1, 22, 0x7fffee, 23, 0x7fffef, 23,                       // 180 181 182 183
        0xfffea, 20, 0x3fffe2, 22, 0x3fffe3, 22, 0x3fffe4, 22,                        // 184 185 186 187
        0x7ffff0, 23, 0x3fffe5, 22, 0x3fffe6, 22, 0x7ffff1, 23,                       // 188 189 190 191
        0x3ffffe0, 26, 0x3ffffe1, 26, 0xfffeb, 20, 0x7fff1, 19,                       // 192 193 194 195
        0x3fffe7, 22, 0x7ffff2, 23, 0x3fffe8, 22, 0x1ffffec, 25,                      // 196 197 198 199
        0x3ffffe2, 26, 0x3ffffe3, 26, 0x3ffffe4, 26, 0x7ffffde, 27,                   // 200 201 202 203
        0x7ffffdf, 27, 0x3ffffe5, 26, 0xfffff1, 24, 0x1ffffed, 25,                    // 204 205 206 207
        0x7fff2, 19, 0x1fffe3, 21, 0x3ffffe6, 26, 0x7ffffe0, 27,                      // 208 209 210 211
        0x7ffffe1, 27, 0x3ffffe7, 26, 0x7ffffe2, 27, 0xfffff2, 24,                    // 212 213 214 215
        0x1fffe4, 21, 0x1fffe5, 21, 0x3ffffe8, 26, 0x3ffffe9, 26,                     // 216 217 218 219
        0xffffffd, 28, 0x7ffffe3, 27, 0x7ffffe4, 27, 0x7ffffe5, 27,                   // 220 221 222 223
        0xfffec, 20, 0xfffff3, 24, 0xfffed, 20, 0x1fffe6, 21,                         // 224 225 226 227
        0x3fffe9, 22, 0x1fffe7, 21, 0x1fffe8, 21, 0x7ffff3, 23,                       // 228 229 230 231
        0x3fffea, 22, 0x3fffeb, 22, 0x1ffffee, 25, 0x1ffffef, 25,                     // 232 233 234 235
        0xfffff4, 24, 0xfffff5, 24, 0x3ffffea, 26, 0x7ffff4, 23,                      // 236 237 238 239
        0x3ffffeb, 26, 0x7ffffe6, 27, 0x3ffffec, 26, 0x3ffffed, 26,                   // 240 241 242 243
        0x7ffffe7, 27, 0x7ffffe8, 27, 0x7ffffe9, 27, 0x7ffffea, 27,                   // 244 245 246 247
        0x7ffffeb, 27, 0xffffffe, 28, 0x7ffffec, 27, 0x7ffffed, 27,                   // 248 249 250 251
        0x7ffffee, 27, 0x7ffffef, 27, 0x7fffff0, 27, 0x3ffffee, 26,                   // 252 253 254 255
        0x3fffffff, 30,                                                               // 256
    };

    private static final int[] CODES = new int[257];
    private static final byte[] LENGTHS = new byte[257];

    /** Transition flag: the nibble completes a symbol, in bits 8..15. */
    private static final int EMIT = 1 << 16;
    /** Transition flag: the nibble completes EOS. */
    private static final int FAIL = 1 << 17;
    /** [state << 4 | nibble] → next state | symbol << 8 | flags. */
    private static final int[] TRANSITIONS = new int[256 * 16];
    /** A state where the string may end: reached from the root by at most 7 one-bits (padding). */
    private static final boolean[] ACCEPTS = new boolean[256];
    /** A state reached from the root by one-bits only, whatever their number. */
    private static final boolean[] ALL_ONES = new boolean[256];

    static {
        for (int s = 0; s <= EOS; s++) {
            CODES[s] = TABLE[2 * s];
            LENGTHS[s] = (byte) TABLE[2 * s + 1];
        }
        buildDecoder();
    }

    private Huffman() {
    }

    /** The code of {@code symbol} (0..256), right-aligned in the int. */
    static int code(int symbol) {
        return CODES[symbol];
    }

    /** The length in bits of the code of {@code symbol}. */
    static int codeLength(int symbol) {
        return LENGTHS[symbol];
    }

    /** Octets that {@link #encode} writes for {@code s}, padding included. */
    static int encodedLength(CharSequence s, boolean lowerCase) {
        long bits = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            bits += LENGTHS[octet(s.charAt(i), lowerCase)];
        }
        return (int) ((bits + 7) >>> 3);
    }

    /**
     * Appends the Huffman code of {@code s} to {@code out}, padded with one-bits to an octet;
     * {@code lowerCase} folds {@code A-Z} first (for field names). {@code encodedLength} must
     * be {@link #encodedLength} of the same arguments.
     */
    static void encode(CharSequence s, boolean lowerCase, int encodedLength, ByteBuf out) {
        int at = out.claim(encodedLength);
        byte[] a = out.array();
        long acc = 0;
        int bits = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            int b = octet(s.charAt(i), lowerCase);
            int len = LENGTHS[b];
            acc = (acc << len) | CODES[b];
            bits += len;
            while (bits >= 8) {
                bits -= 8;
                a[at++] = (byte) (acc >>> bits);
            }
        }
        if (bits > 0) {
            a[at] = (byte) ((acc << (8 - bits)) | (0xFF >>> bits));
        }
    }

    /**
     * Decodes {@code src[off, off + len)} into {@code dst} from {@code dstOff}, writing no further
     * than {@code dstLimit} but counting every decoded octet, and returns that count: a caller
     * that finds it above {@code dstLimit - dstOff} knows the string was too long to keep while
     * the whole code was still checked. Throws {@link HpackException} for EOS in the string,
     * padding longer than 7 bits, or padding that is not all ones.
     */
    static int decode(byte[] src, int off, int len, byte[] dst, int dstOff, int dstLimit) {
        int[] t = TRANSITIONS;
        int state = 0;
        int n = dstOff;
        for (int i = off, end = off + len; i < end; i++) {
            int b = src[i];
            int e = t[(state << 4) | ((b >>> 4) & 0xF)];
            if ((e & (EMIT | FAIL)) != 0) {
                if ((e & FAIL) != 0) {
                    throw new HpackException("Huffman string contains EOS");
                }
                if (n < dstLimit) {
                    dst[n] = (byte) (e >>> 8);
                }
                n++;
            }
            e = t[((e & 0xFF) << 4) | (b & 0xF)];
            if ((e & (EMIT | FAIL)) != 0) {
                if ((e & FAIL) != 0) {
                    throw new HpackException("Huffman string contains EOS");
                }
                if (n < dstLimit) {
                    dst[n] = (byte) (e >>> 8);
                }
                n++;
            }
            state = e & 0xFF;
        }
        if (!ACCEPTS[state]) {
            throw new HpackException(ALL_ONES[state] ? "Huffman padding longer than 7 bits"
                    : "Huffman padding not all ones (or a truncated code)");
        }
        return n - dstOff;
    }

    /** The most octets {@code len} octets of Huffman code can decode to (the shortest code is 5 bits). */
    static int maxDecodedLength(int len) {
        return (int) (len * 8L / 5);
    }

    private static int octet(char c, boolean lowerCase) {
        if (c > 0xFF) {
            return '?';
        }
        return lowerCase && c >= 'A' && c <= 'Z' ? c + 32 : c;
    }

    /** Builds the code tree (internal nodes numbered from the root, leaves as -(symbol + 1)), then the nibble transitions. */
    private static void buildDecoder() {
        int[][] child = new int[2][256];
        int[] depth = new int[256];
        int nodes = 1;
        ALL_ONES[0] = true;
        for (int s = 0; s <= EOS; s++) {
            int code = CODES[s];
            int len = LENGTHS[s];
            int node = 0;
            for (int bit = len - 1; bit > 0; bit--) {
                int b = (code >>> bit) & 1;
                int next = child[b][node];
                if (next < 0) {
                    throw new IllegalStateException("Huffman code of " + s + " extends the code of " + (-next - 1));
                }
                if (next == 0) {
                    next = nodes++;
                    child[b][node] = next;
                    depth[next] = depth[node] + 1;
                    ALL_ONES[next] = ALL_ONES[node] && b == 1;
                }
                node = next;
            }
            int b = code & 1;
            if (child[b][node] != 0) {
                throw new IllegalStateException("Huffman code of " + s + " is a prefix of another");
            }
            child[b][node] = -(s + 1);
        }
        if (nodes != 256) {
            throw new IllegalStateException("Huffman tree has " + nodes + " internal nodes, not 256");
        }
        for (int s = 0; s < 256; s++) {
            ACCEPTS[s] = ALL_ONES[s] && depth[s] <= 7;
            for (int nibble = 0; nibble < 16; nibble++) {
                int node = s;
                int entry = 0;
                for (int bit = 3; bit >= 0; bit--) {
                    int next = child[(nibble >>> bit) & 1][node];
                    if (next < 0) {
                        int symbol = -next - 1;
                        if (symbol == EOS) {
                            entry |= FAIL;
                            break;
                        }
                        if ((entry & EMIT) != 0) {
                            throw new IllegalStateException("two symbols in one nibble");
                        }
                        entry |= EMIT | symbol << 8;
                        node = 0;
                    } else {
                        node = next;
                    }
                }
                TRANSITIONS[(s << 4) | nibble] = entry | node;
            }
        }
    }
}
