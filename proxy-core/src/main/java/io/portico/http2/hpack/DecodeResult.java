package io.portico.http2.hpack;

/**
 * How decoding a header block ended when the block itself was well-formed HPACK. Either way the
 * dynamic table is now in step with the peer's encoder; only {@link Complete} means the sink saw
 * the whole header list. (A block that is not well-formed HPACK throws {@link HpackException}.)
 */
public sealed interface DecodeResult permits DecodeResult.Complete, DecodeResult.TooLarge, DecodeResult.Malformed {

    /** The one {@link Complete} instance. */
    Complete COMPLETE = new Complete();

    /** Every field reached the sink. */
    record Complete() implements DecodeResult {
    }

    /**
     * The header list is larger than the limit (RFC 9113 §6.5.2: name + value + 32 octets per
     * field): the sink got the fields that fit, in order, and nothing after; no String was made
     * for the rest unless the dynamic table needed it. Answer 431 on the stream (or reset it).
     * {@code listSize} is the size of the whole list.
     */
    record TooLarge(long listSize, int limit) implements DecodeResult {
    }

    /**
     * A field breaks RFC 9113 §8.2.1 (see {@link HpackDecoder}): the sink got the fields before it
     * and nothing after. The request or response is malformed: a stream error of type
     * PROTOCOL_ERROR. {@code reason} is for the log and never quotes the field.
     */
    record Malformed(String reason) implements DecodeResult {
    }
}
