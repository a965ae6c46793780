package io.portico.http2;

import java.util.List;

/**
 * A SETTINGS frame (RFC 9113 §6.5): the settings in the order they came, unchecked (a
 * {@link Settings} checks and applies them), or an acknowledgement with none.
 */
public record SettingsFrame(boolean ack, List<Setting> settings) implements Frame {

    /** The acknowledgement of the peer's SETTINGS. */
    public static final SettingsFrame ACK = new SettingsFrame(true, List.of());

    /**
     * One identifier/value pair. Identifiers are 16-bit, values unsigned 32-bit: both kept as read.
     * {@link Settings} names the identifiers.
     */
    public record Setting(int id, long value) {
        public Setting {
            if (id < 0 || id > 0xFFFF || value < 0 || value > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("setting 0x" + Integer.toHexString(id) + " = " + value);
            }
        }
    }

    public SettingsFrame {
        settings = List.copyOf(settings);
        if (ack && !settings.isEmpty()) {
            throw new IllegalArgumentException("a SETTINGS acknowledgement carries no settings");
        }
    }

    @Override
    public int type() {
        return FrameType.SETTINGS;
    }

    @Override
    public int streamId() {
        return 0;
    }
}
