package io.portico.http2;

import io.portico.io.ByteReader;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The client connection preface (RFC 9113 §3.4): the 24 octets
 * {@code PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n}, followed by a SETTINGS frame that the
 * {@link FrameReader} reads next. Runs on the connection's thread.
 */
public final class Preface {
    private static final byte[] BYTES = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** The preface's length in bytes. */
    public static final int LENGTH = BYTES.length;

    /** What the first bytes of a cleartext connection say about the protocol, for protocol selection. */
    public enum Match {
        /** All 24 bytes of the preface are there. */
        PREFACE,
        /** The bytes buffered so far begin the preface; read more to decide. */
        PARTIAL,
        /** Not the HTTP/2 preface: HTTP/1.x (or garbage) for the HTTP/1 parser to judge. */
        NOT_PREFACE
    }

    private Preface() {
    }

    /** The 24 preface bytes (a copy), as a client writes them. */
    public static byte[] bytes() {
        return BYTES.clone();
    }

    /**
     * Reads and checks the 24-byte preface.
     *
     * @throws EOFException        when the stream ends first
     * @throws ConnectionException PROTOCOL_ERROR when the bytes are not the preface (§3.4)
     */
    public static void read(ByteReader in) throws IOException {
        for (int i = 0; i < LENGTH; i++) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("stream ended inside the HTTP/2 preface after " + i + " bytes");
            }
            if (b != (BYTES[i] & 0xFF)) {
                throw Http2Exception.connection(ErrorCode.PROTOCOL_ERROR,
                        "not the HTTP/2 client preface: byte " + i + " is 0x" + Integer.toHexString(b));
            }
        }
    }

    /**
     * Looks at the bytes {@code in} has buffered (never reads, never blocks, consumes nothing):
     * PREFACE when they start with the whole preface, PARTIAL when all of them (at least one)
     * begin it, NOT_PREFACE as soon as one differs. With nothing buffered: PARTIAL.
     * In practice four bytes decide: a method named {@code PRI} is the preface's alone (§3.4),
     * while {@code PROPFIND} and {@code PUT} share its first one or two bytes.
     */
    public static Match match(ByteReader in) {
        int n = Math.min(in.buffered(), LENGTH);
        for (int i = 0; i < n; i++) {
            if (in.peekAt(i) != (BYTES[i] & 0xFF)) {
                return Match.NOT_PREFACE;
            }
        }
        return n == LENGTH ? Match.PREFACE : Match.PARTIAL;
    }

    /** As {@link #match(ByteReader)}, over {@code len} bytes of an array from {@code off}. */
    public static Match match(byte[] b, int off, int len) {
        int n = Math.min(len, LENGTH);
        for (int i = 0; i < n; i++) {
            if (b[off + i] != BYTES[i]) {
                return Match.NOT_PREFACE;
            }
        }
        return n == LENGTH ? Match.PREFACE : Match.PARTIAL;
    }
}
