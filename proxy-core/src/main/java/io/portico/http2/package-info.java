/**
 * HTTP/2 framing (RFC 9113), pure: frames as records ({@link io.portico.http2.Frame}), read from a
 * {@link io.portico.io.ByteReader} by {@link io.portico.http2.FrameReader} and written into a
 * {@link io.portico.io.ByteBuf} by {@link io.portico.http2.FrameWriter}; the client preface
 * ({@link io.portico.http2.Preface}); {@link io.portico.http2.Settings}; flow-control windows
 * ({@link io.portico.http2.SendWindow}, {@link io.portico.http2.ReceiveWindow}, and
 * {@link io.portico.http2.SendFlow} where stream threads wait for credit); stream states
 * ({@link io.portico.http2.StreamState}, {@link io.portico.http2.ClientStreamIds}). HPACK is
 * {@code io.portico.http2.hpack}'s: here field blocks are opaque bytes.
 *
 * <p>Errors are {@link io.portico.http2.Http2Exception}s, sealed in two: a
 * {@link io.portico.http2.ConnectionException} ends the connection with GOAWAY, a
 * {@link io.portico.http2.StreamException} resets one stream and the connection reads on.
 *
 * <p>Threads: the connection's thread owns the reader, the peer's and our {@code Settings},
 * the stream states and the receive windows' {@code receive} side; whoever holds the writer lock
 * owns the {@code FrameWriter}; {@code SendFlow} is the one class shared by design. The
 * connection loop, in outline:
 *
 * <pre>{@code
 * Preface.read(in);
 * FrameReader reader = new FrameReader(in, ourSettings.maxFrameSize(), pool::take);
 * for (Frame f; (f = reader.next()) != null; ) {       // catch StreamException: RST_STREAM, read on
 *     switch (f) {                                      // ConnectionException: GOAWAY, close
 *         case SettingsFrame s when !s.ack() -> { sendFlow.adjust(openWindows, peer.apply(s)); ack; }
 *         case HeadersFrame h -> ...                    // state.received(h), HPACK, start the stream
 *         case DataFrame d -> ...                       // windows.receive(d.flowControlledLength()), queue d
 *         case PushPromiseFrame p -> throw Http2Exception.connection(ErrorCode.PROTOCOL_ERROR, "client push");
 *         ...
 *     }
 * }
 * }</pre>
 */
package io.portico.http2;
