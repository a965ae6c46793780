package io.portico.http2;

/**
 * One HTTP/2 frame (RFC 9113 §4.1, §6), as {@link FrameReader} reads it and {@link FrameWriter}
 * writes it: one record per type. Frames that carry bytes hold them in arrays the frame owns
 * (see {@link DataFrame} for the one exception to "the reader allocates it").
 */
public sealed interface Frame
        permits DataFrame, HeadersFrame, PriorityFrame, RstStreamFrame, SettingsFrame, PushPromiseFrame,
                PingFrame, GoAwayFrame, WindowUpdateFrame, ContinuationFrame, UnknownFrame {

    /** The frame's type code ({@link FrameType}). */
    int type();

    /** The stream the frame belongs to; 0 for the connection-level frames (SETTINGS, PING, GOAWAY). */
    int streamId();
}
