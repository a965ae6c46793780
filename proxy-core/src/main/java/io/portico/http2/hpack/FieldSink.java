package io.portico.http2.hpack;

/**
 * Receives the fields of a header block from {@link HpackDecoder#decode}, in block order, on the
 * decoding thread. Every field it gets has passed the decoder's checks (see {@link
 * HpackDecoder}), so its name and value may go into {@link io.portico.http.HttpFields#addParsed}
 * as they are. It must not throw: an exception leaves the decoder mid-block, and the connection
 * must then be closed.
 */
@FunctionalInterface
public interface FieldSink {

    /**
     * One field. {@code name} is lower case and, when the block named it by a static table
     * index, the static table's own String (compare with {@code equals}, which is then an
     * identity check). {@code sensitive} is true for a field sent as "never indexed" (RFC 7541
     * §6.2.3): a proxy that encodes it again must keep it so ({@link HpackEncoder#field(String,
     * String, boolean, io.portico.io.ByteBuf)}).
     */
    void field(String name, String value, boolean sensitive);
}
