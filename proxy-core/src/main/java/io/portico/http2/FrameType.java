package io.portico.http2;

/**
 * Frame type codes (RFC 9113 §6, §11.2) and flag bits. Types are plain ints because a peer may
 * send any type byte: those not listed here are read as {@link UnknownFrame} and ignored.
 */
public final class FrameType {
    public static final int DATA = 0x0;
    public static final int HEADERS = 0x1;
    public static final int PRIORITY = 0x2;
    public static final int RST_STREAM = 0x3;
    public static final int SETTINGS = 0x4;
    public static final int PUSH_PROMISE = 0x5;
    public static final int PING = 0x6;
    public static final int GOAWAY = 0x7;
    public static final int WINDOW_UPDATE = 0x8;
    public static final int CONTINUATION = 0x9;

    /** ACK on SETTINGS and PING. */
    public static final int FLAG_ACK = 0x1;
    /** END_STREAM on DATA and HEADERS. */
    public static final int FLAG_END_STREAM = 0x1;
    /** END_HEADERS on HEADERS, PUSH_PROMISE and CONTINUATION. */
    public static final int FLAG_END_HEADERS = 0x4;
    /** PADDED on DATA, HEADERS and PUSH_PROMISE. */
    public static final int FLAG_PADDED = 0x8;
    /** PRIORITY on HEADERS. */
    public static final int FLAG_PRIORITY = 0x20;

    /** Octets in every frame header: length (24), type (8), flags (8), R + stream id (32). */
    public static final int HEADER_BYTES = 9;

    private static final String[] NAMES = {
        "DATA", "HEADERS", "PRIORITY", "RST_STREAM", "SETTINGS",
        "PUSH_PROMISE", "PING", "GOAWAY", "WINDOW_UPDATE", "CONTINUATION"};

    private FrameType() {
    }

    /** The type's name for a log line: {@code "HEADERS"}, or {@code "0xfa"} for an unknown type. */
    public static String name(int type) {
        return type >= 0 && type < NAMES.length ? NAMES[type] : "0x" + Integer.toHexString(type);
    }
}
