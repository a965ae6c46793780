package io.portico.http2;

import java.util.ArrayList;
import java.util.List;

/**
 * One side's HTTP/2 settings (RFC 9113 §6.5.2, plus RFC 8441's ENABLE_CONNECT_PROTOCOL), starting
 * at the RFC's initial values. The server keeps two: the peer's, changed by each SETTINGS frame it
 * receives through {@link #apply}, and its own, built with {@link #set} and sent with
 * {@link #toFrame()}. Owned by the connection's thread; not thread-safe (the server copies what
 * other threads need, such as the peer's maximum frame size, into the writer under its lock).
 */
public final class Settings {
    public static final int HEADER_TABLE_SIZE = 0x1;
    public static final int ENABLE_PUSH = 0x2;
    public static final int MAX_CONCURRENT_STREAMS = 0x3;
    public static final int INITIAL_WINDOW_SIZE = 0x4;
    public static final int MAX_FRAME_SIZE = 0x5;
    public static final int MAX_HEADER_LIST_SIZE = 0x6;
    /** RFC 8441 §3: the peer accepts extended CONNECT (WebSocket over HTTP/2). */
    public static final int ENABLE_CONNECT_PROTOCOL = 0x8;

    /** The value of MAX_CONCURRENT_STREAMS and MAX_HEADER_LIST_SIZE until a peer sets one. */
    public static final long UNLIMITED = Long.MAX_VALUE;
    public static final int DEFAULT_HEADER_TABLE_SIZE = 4096;
    /** The initial window size of every stream, and of the connection (which SETTINGS never changes). */
    public static final int DEFAULT_INITIAL_WINDOW_SIZE = 65_535;
    /** The largest flow-control window, 2^31-1 (§6.9.1). */
    public static final int MAX_WINDOW_SIZE = Integer.MAX_VALUE;

    private long headerTableSize = DEFAULT_HEADER_TABLE_SIZE;
    private boolean enablePush = true;
    private long maxConcurrentStreams = UNLIMITED;
    private int initialWindowSize = DEFAULT_INITIAL_WINDOW_SIZE;
    private int maxFrameSize = FrameReader.DEFAULT_MAX_FRAME_SIZE;
    private long maxHeaderListSize = UNLIMITED;
    private boolean enableConnectProtocol;

    /** Settings at the RFC's initial values. */
    public Settings() {
    }

    public long headerTableSize() {
        return headerTableSize;
    }

    public boolean enablePush() {
        return enablePush;
    }

    /** The peer's limit on streams we may open; {@link #UNLIMITED} until set. */
    public long maxConcurrentStreams() {
        return maxConcurrentStreams;
    }

    public int initialWindowSize() {
        return initialWindowSize;
    }

    public int maxFrameSize() {
        return maxFrameSize;
    }

    /** The advisory limit on a field list's size (§6.5.2); {@link #UNLIMITED} until set. */
    public long maxHeaderListSize() {
        return maxHeaderListSize;
    }

    public boolean enableConnectProtocol() {
        return enableConnectProtocol;
    }

    /**
     * Applies a SETTINGS frame from the peer, its settings in order (§6.5.3); unknown identifiers
     * are ignored (§6.5.2). An acknowledgement changes nothing.
     *
     * @return how much INITIAL_WINDOW_SIZE changed (new - old, 0 when it did not): the server
     *         adds it to the send window of every open stream ({@link SendWindow#adjust})
     * @throws ConnectionException PROTOCOL_ERROR for ENABLE_PUSH or ENABLE_CONNECT_PROTOCOL other
     *         than 0 or 1 (or ENABLE_CONNECT_PROTOCOL going back from 1 to 0, RFC 8441 §3), or
     *         MAX_FRAME_SIZE outside 16,384..16,777,215; FLOW_CONTROL_ERROR for INITIAL_WINDOW_SIZE
     *         over 2^31-1
     */
    public int apply(SettingsFrame frame) {
        int before = initialWindowSize;
        for (SettingsFrame.Setting s : frame.settings()) {
            String problem = store(s.id(), s.value());
            if (problem != null) {
                ErrorCode code = s.id() == INITIAL_WINDOW_SIZE ? ErrorCode.FLOW_CONTROL_ERROR : ErrorCode.PROTOCOL_ERROR;
                throw Http2Exception.connection(code, problem);
            }
        }
        return initialWindowSize - before;
    }

    /**
     * Sets one value (for our own settings), checked as {@link #apply} checks the peer's.
     *
     * @throws IllegalArgumentException for a value the RFC does not allow
     */
    public Settings set(int id, long value) {
        if (id < 0 || id > 0xFFFF || value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("setting 0x" + Integer.toHexString(id) + " = " + value);
        }
        String problem = store(id, value);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return this;
    }

    /**
     * A SETTINGS frame with every value that differs from the RFC's initial one, in identifier
     * order: what this side announces in its first SETTINGS frame. ENABLE_PUSH 0 is included when set.
     */
    public SettingsFrame toFrame() {
        List<SettingsFrame.Setting> list = new ArrayList<>(7);
        if (headerTableSize != DEFAULT_HEADER_TABLE_SIZE) {
            list.add(new SettingsFrame.Setting(HEADER_TABLE_SIZE, headerTableSize));
        }
        if (!enablePush) {
            list.add(new SettingsFrame.Setting(ENABLE_PUSH, 0));
        }
        if (maxConcurrentStreams != UNLIMITED) {
            list.add(new SettingsFrame.Setting(MAX_CONCURRENT_STREAMS, maxConcurrentStreams));
        }
        if (initialWindowSize != DEFAULT_INITIAL_WINDOW_SIZE) {
            list.add(new SettingsFrame.Setting(INITIAL_WINDOW_SIZE, initialWindowSize));
        }
        if (maxFrameSize != FrameReader.DEFAULT_MAX_FRAME_SIZE) {
            list.add(new SettingsFrame.Setting(MAX_FRAME_SIZE, maxFrameSize));
        }
        if (maxHeaderListSize != UNLIMITED) {
            list.add(new SettingsFrame.Setting(MAX_HEADER_LIST_SIZE, maxHeaderListSize));
        }
        if (enableConnectProtocol) {
            list.add(new SettingsFrame.Setting(ENABLE_CONNECT_PROTOCOL, 1));
        }
        return new SettingsFrame(false, list);
    }

    /** Stores a value, or returns why it cannot be stored. */
    private String store(int id, long value) {
        switch (id) {
            case HEADER_TABLE_SIZE -> headerTableSize = value;
            case ENABLE_PUSH -> {
                if (value > 1) {
                    return "SETTINGS_ENABLE_PUSH " + value + ", not 0 or 1";
                }
                enablePush = value == 1;
            }
            case MAX_CONCURRENT_STREAMS -> maxConcurrentStreams = value;
            case INITIAL_WINDOW_SIZE -> {
                if (value > MAX_WINDOW_SIZE) {
                    return "SETTINGS_INITIAL_WINDOW_SIZE " + value + " over 2^31-1";
                }
                initialWindowSize = (int) value;
            }
            case MAX_FRAME_SIZE -> {
                if (value < FrameReader.DEFAULT_MAX_FRAME_SIZE || value > FrameReader.MAX_FRAME_SIZE_LIMIT) {
                    return "SETTINGS_MAX_FRAME_SIZE " + value + " outside 16384..16777215";
                }
                maxFrameSize = (int) value;
            }
            case MAX_HEADER_LIST_SIZE -> maxHeaderListSize = value;
            case ENABLE_CONNECT_PROTOCOL -> {
                if (value > 1) {
                    return "SETTINGS_ENABLE_CONNECT_PROTOCOL " + value + ", not 0 or 1";
                }
                if (enableConnectProtocol && value == 0) {
                    return "SETTINGS_ENABLE_CONNECT_PROTOCOL back to 0 after 1";
                }
                enableConnectProtocol = value == 1;
            }
            default -> {
                // unknown or unsupported identifiers are ignored (§6.5.2)
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "Settings" + toFrame().settings();
    }
}
