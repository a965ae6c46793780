package io.portico.http2;

/**
 * The HTTP/2 error codes of RFC 9113 §7, carried by RST_STREAM and GOAWAY.
 *
 * <p>A code read from the wire is a raw unsigned 32-bit number, and a peer may send one this
 * enum does not know. Frames therefore keep the raw number (for logs) and {@link #of(int)} maps
 * it to its meaning: an unknown code means {@link #INTERNAL_ERROR}, which §7 allows ("MAY be
 * treated ... as being equivalent to INTERNAL_ERROR") and which triggers no special behaviour.
 */
public enum ErrorCode {
    NO_ERROR(0x0),
    PROTOCOL_ERROR(0x1),
    INTERNAL_ERROR(0x2),
    FLOW_CONTROL_ERROR(0x3),
    SETTINGS_TIMEOUT(0x4),
    STREAM_CLOSED(0x5),
    FRAME_SIZE_ERROR(0x6),
    REFUSED_STREAM(0x7),
    CANCEL(0x8),
    COMPRESSION_ERROR(0x9),
    CONNECT_ERROR(0xa),
    ENHANCE_YOUR_CALM(0xb),
    INADEQUATE_SECURITY(0xc),
    HTTP_1_1_REQUIRED(0xd);

    private static final ErrorCode[] BY_VALUE = values();

    private final int value;

    ErrorCode(int value) {
        this.value = value;
    }

    /** The number on the wire. */
    public int value() {
        return value;
    }

    /** Whether {@code raw} is one of the codes RFC 9113 defines. */
    public static boolean isKnown(int raw) {
        return raw >= 0 && raw < BY_VALUE.length;
    }

    /** The meaning of a code read from the wire: the defined code, or INTERNAL_ERROR for any other number. */
    public static ErrorCode of(int raw) {
        return isKnown(raw) ? BY_VALUE[raw] : INTERNAL_ERROR;
    }

    /** A raw code for a log line: {@code "CANCEL"} or {@code "unknown 0xdeadbeef"}. */
    public static String describe(int raw) {
        return isKnown(raw) ? BY_VALUE[raw].name() : "unknown 0x" + Integer.toHexString(raw);
    }
}
