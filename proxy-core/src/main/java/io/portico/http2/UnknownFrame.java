package io.portico.http2;

/**
 * A frame of a type this code does not know (RFC 9113 §4.1, §5.5): its payload was skipped;
 * the server ignores it. Not allowed inside a field block, where the reader rejects it.
 */
public record UnknownFrame(int type, int flags, int streamId, int length) implements Frame {
}
