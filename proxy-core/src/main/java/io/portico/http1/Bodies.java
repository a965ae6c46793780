package io.portico.http1;

import io.portico.http.ProtocolException;
import io.portico.io.ByteReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** Opens and discards message bodies. */
public final class Bodies {
    /**
     * The body of a message without one: always at its end, and stateless (closing it changes
     * nothing), so one serves every such message instead of an {@code InputStream.nullInputStream()} each.
     */
    public static final InputStream EMPTY = new InputStream() {
        @Override
        public int read() {
            return -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            return len == 0 ? 0 : -1;
        }

        @Override
        public long skip(long n) {
            return 0;
        }

        @Override
        public int available() {
            return 0;
        }
    };

    private Bodies() {
    }

    /**
     * The stream for a body framed this way, reading from {@code in}; an empty stream for
     * {@link BodyFraming.NoBody} and a zero length.
     *
     * @param fromBackend a response body: framing errors are BAD_RESPONSE
     */
    public static InputStream open(BodyFraming framing, ByteReader in, Http1Limits limits, boolean fromBackend) {
        return switch (framing) {
            case BodyFraming.NoBody none -> EMPTY;
            case BodyFraming.FixedLength fixed -> fixed.length() == 0
                ? EMPTY
                : new FixedLengthInputStream(in, fixed.length());
            case BodyFraming.Chunked chunked -> new ChunkedInputStream(in, limits, fromBackend);
            case BodyFraming.UntilClose close -> new UntilCloseInputStream(in);
        };
    }

    /**
     * Reads and discards the rest of a body so the connection can carry the next message.
     *
     * @return true when the body ended within {@code maxBytes} more bytes; false when it is
     *         longer, truncated or malformed, so the connection must be closed
     * @throws IOException when reading fails otherwise (the connection is unusable then too)
     */
    public static boolean drain(InputStream in, long maxBytes) throws IOException {
        long total = 0;
        try {
            while (true) {
                long skipped = in.skip(maxBytes - total + 1);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        return true;
                    }
                    skipped = 1;
                }
                total += skipped;
                if (total > maxBytes) {
                    return false;
                }
            }
        } catch (EOFException | ProtocolException e) {
            return false;
        }
    }
}
