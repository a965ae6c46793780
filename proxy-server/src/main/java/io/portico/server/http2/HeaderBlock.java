package io.portico.server.http2;

import io.portico.http2.ContinuationFrame;
import io.portico.http2.ErrorCode;
import io.portico.http2.HeadersFrame;
import io.portico.http2.Http2Exception;
import io.portico.io.ByteBuf;
import java.util.Arrays;

/**
 * A header block arriving in a HEADERS frame and the CONTINUATION frames after it (the frame
 * reader already checked they follow each other on one stream). Bounded in bytes and in frames,
 * so a client cannot make the proxy hold an endless block (the CONTINUATION flood), and in time
 * by client_header. Connection thread only.
 */
final class HeaderBlock {
    /** CONTINUATION frames one header block may take, whatever their size. */
    static final int MAX_CONTINUATIONS = 256;
    /** Assembly space kept between blocks; a larger one is dropped after use. */
    private static final int KEPT_BYTES = 16 * 1024;

    private final int maxBytes;
    /** Made by the first block that needs CONTINUATION frames: most connections never send one. */
    private ByteBuf bytes;
    private HeadersFrame first;
    private boolean discarded;
    private int continuations;
    private long startedNanos;

    HeaderBlock(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** A HEADERS frame without END_HEADERS opens a block; {@code discard}: decode it for HPACK only. */
    void start(HeadersFrame h, boolean discard) {
        first = h;
        discarded = discard;
        continuations = 0;
        startedNanos = System.nanoTime();
        if (bytes == null) {
            bytes = new ByteBuf(1024);
        }
        bytes.reset();
        bytes.write(h.fragment());
    }

    boolean inProgress() {
        return first != null;
    }

    /** Whether a block begun is still incomplete after {@code timeoutNanos}. */
    boolean overdue(long nowNanos, long timeoutNanos) {
        return first != null && nowNanos - startedNanos > timeoutNanos;
    }

    /**
     * Adds a CONTINUATION's fragment.
     *
     * @return true when it ended the block: {@link #first()}, {@link #take()} and {@link #discarded()} then describe it
     * @throws io.portico.http2.ConnectionException PROTOCOL_ERROR without a block begun; ENHANCE_YOUR_CALM
     *         past the bounds (the caller counts it)
     */
    boolean add(ContinuationFrame c) {
        if (first == null) {
            throw Http2Exception.connection(ErrorCode.PROTOCOL_ERROR, "CONTINUATION without HEADERS");
        }
        bytes.write(c.fragment());
        if (++continuations > MAX_CONTINUATIONS || bytes.length() > maxBytes) {
            throw Http2Exception.connection(ErrorCode.ENHANCE_YOUR_CALM, "header block past " + maxBytes
                    + " bytes or " + MAX_CONTINUATIONS + " CONTINUATION frames");
        }
        return c.endHeaders();
    }

    HeadersFrame first() {
        return first;
    }

    boolean discarded() {
        return discarded;
    }

    /** The whole block, ended: the assembly space is ready for the next one. */
    byte[] take() {
        byte[] whole = Arrays.copyOf(bytes.array(), bytes.length());
        first = null;
        if (bytes.array().length > KEPT_BYTES) {
            bytes = null;
        }
        return whole;
    }
}
