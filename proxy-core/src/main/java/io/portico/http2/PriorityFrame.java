package io.portico.http2;

import java.util.Objects;

/** A PRIORITY frame (RFC 9113 §6.3): deprecated prioritisation, read and checked, otherwise ignored. */
public record PriorityFrame(int streamId, Priority priority) implements Frame {

    public PriorityFrame {
        Objects.requireNonNull(priority);
    }

    @Override
    public int type() {
        return FrameType.PRIORITY;
    }
}
