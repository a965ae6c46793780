/**
 * HPACK (RFC 7541), the header compression of HTTP/2, as pure classes a test drives from byte
 * arrays. The public face is small:
 *
 * <ul>
 *   <li>{@link io.portico.http2.hpack.HpackDecoder} turns a whole header block into {@link
 *       io.portico.http2.hpack.FieldSink} calls and returns a {@link
 *       io.portico.http2.hpack.DecodeResult}: complete, too large (answer 431), or malformed (a
 *       stream error). It checks names and values as RFC 9113 §8.2.1 asks, bounds what it builds by
 *       the header list limit, and throws {@link io.portico.http2.hpack.HpackException} — a
 *       connection error of type COMPRESSION_ERROR — for anything that is not valid HPACK.</li>
 *   <li>{@link io.portico.http2.hpack.HpackEncoder} writes header blocks into a {@link
 *       io.portico.io.ByteBuf}, choosing indexing per field (credentials and set-cookie never
 *       indexed) and announcing table size changes.</li>
 * </ul>
 *
 * <p>Both are per connection and single-threaded: the decoder belongs to the frame reader, the
 * encoder is used under the connection's writer lock. Behind them: the static table with an
 * ASCII case-insensitive name index, the decoder's ring-buffer dynamic table, the encoder's hashed
 * copy of the peer's table, and the Huffman code with a four-bit state machine decoder.
 */
package io.portico.http2.hpack;
