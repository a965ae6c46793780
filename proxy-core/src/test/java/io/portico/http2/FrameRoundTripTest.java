package io.portico.http2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Every frame type written by {@link FrameWriter} reads back as the same record. */
class FrameRoundTripTest {

    static final List<Frame> FRAMES = List.of(
        new DataFrame(1, false, "hello".getBytes(StandardCharsets.US_ASCII)),
        new DataFrame(1, true, new byte[0]),
        new DataFrame(3, true, "padded".getBytes(StandardCharsets.US_ASCII), 0, 6, 1),
        new DataFrame(3, false, "xpaddedx".getBytes(StandardCharsets.US_ASCII), 1, 6, 256),
        new DataFrame(Integer.MAX_VALUE, false, new byte[16_384]),
        new HeadersFrame(1, true, true, Wire.hex("828684418aa0e41d139d09b8f01e07")),
        new HeadersFrame(3, true, true, Optional.of(new Priority(1, true, 1)), Wire.hex("82")),
        new HeadersFrame(5, false, true, Optional.of(new Priority(0, false, 256)), new byte[0]),
        new PriorityFrame(5, new Priority(3, false, 16)),
        new RstStreamFrame(7, ErrorCode.CANCEL),
        new RstStreamFrame(7, 0xdeadbeef),
        new SettingsFrame(false, List.of()),
        SettingsFrame.ACK,
        new SettingsFrame(false, List.of(new SettingsFrame.Setting(Settings.HEADER_TABLE_SIZE, 0),
                new SettingsFrame.Setting(Settings.ENABLE_PUSH, 0),
                new SettingsFrame.Setting(0xffff, 0xFFFF_FFFFL))),
        new PushPromiseFrame(1, true, 2, Wire.hex("8287")),
        new PingFrame(false, 0),
        new PingFrame(true, Long.MIN_VALUE),
        new GoAwayFrame(0, ErrorCode.NO_ERROR),
        new GoAwayFrame(Integer.MAX_VALUE, 0xff, "debug".getBytes(StandardCharsets.US_ASCII)),
        new WindowUpdateFrame(0, 1),
        new WindowUpdateFrame(9, Integer.MAX_VALUE),
        new UnknownFrame(0xfa, 0xff, 0, 0),
        new UnknownFrame(0x10, 0, 11, 100));

    @ParameterizedTest
    @FieldSource("FRAMES")
    void aFrameReadsBackAsWritten(Frame frame) throws IOException {
        byte[] wire = Wire.write(frame);

        FrameReader reader = new FrameReader(Wire.whole(wire));
        assertThat(reader.next()).isEqualTo(frame);
        assertThat(reader.next()).isNull();
    }

    @ParameterizedTest
    @FieldSource("FRAMES")
    void aFrameReadsBackAsWrittenOneByteAtATime(Frame frame) throws IOException {
        byte[] wire = Wire.write(frame);

        FrameReader reader = new FrameReader(Wire.oneByteAtATime(wire));
        assertThat(reader.next()).isEqualTo(frame);
        assertThat(reader.next()).isNull();
    }

    @ParameterizedTest
    @FieldSource("FRAMES")
    void aFrameTakesTheBytesItsHeaderAnnounces(Frame frame) {
        byte[] wire = Wire.write(frame);

        int length = (wire[0] & 0xFF) << 16 | (wire[1] & 0xFF) << 8 | wire[2] & 0xFF;
        assertThat(wire).hasSize(FrameType.HEADER_BYTES + length);
        assertThat(wire[3] & 0xFF).isEqualTo(frame.type());
        assertThat(wire[5] & 0x80).as("reserved bit").isZero();
    }

    @Test
    void everyFrameTypeInOneStreamReadsBackInOrder() throws IOException {
        List<Frame> frames = List.of(
            new SettingsFrame(false, List.of(new SettingsFrame.Setting(Settings.MAX_FRAME_SIZE, 16_384))),
            new HeadersFrame(1, false, false, Wire.hex("8286")),
            new ContinuationFrame(1, false, Wire.hex("84")),
            new ContinuationFrame(1, true, Wire.hex("41")),
            new DataFrame(1, true, new byte[1024]),
            new WindowUpdateFrame(1, 1024),
            new UnknownFrame(0x20, 0, 1, 3),
            new PingFrame(true, 42),
            new PushPromiseFrame(1, false, 2, Wire.hex("01")),
            new ContinuationFrame(1, true, Wire.hex("02")),
            new GoAwayFrame(1, ErrorCode.NO_ERROR));

        byte[] wire = Wire.write(frames.toArray(Frame[]::new));

        assertThat(Wire.readAll(new FrameReader(Wire.whole(wire)))).isEqualTo(frames);
        assertThat(Wire.readAll(new FrameReader(Wire.oneByteAtATime(wire)))).isEqualTo(frames);
    }
}
