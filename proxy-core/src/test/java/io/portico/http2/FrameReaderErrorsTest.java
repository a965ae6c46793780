package io.portico.http2;

import static io.portico.http2.ErrorCode.FRAME_SIZE_ERROR;
import static io.portico.http2.ErrorCode.PROTOCOL_ERROR;
import static io.portico.http2.Wire.assertConnectionError;
import static io.portico.http2.Wire.assertStreamError;
import static io.portico.http2.Wire.reader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every framing error RFC 9113 names, with its code, its scope and its stream. */
class FrameReaderErrorsTest {
    private static final String PING = "000008 06 00 00000000 0000000000000063";

    @Test
    void aFrameOverTheMaximumSizeIsAConnectionFrameSizeError() {
        assertConnectionError(() -> reader("004001 00 00 00000003").next(), FRAME_SIZE_ERROR, 3);
        assertConnectionError(() -> reader("004001 04 00 00000000").next(), FRAME_SIZE_ERROR, 0);
    }

    @Test
    void aFrameOverTheMaximumSizeIsRejectedBeforeItsPayloadIsRead() {
        // the header claims 16 MiB; no payload follows, and no EOF is reported
        assertConnectionError(() -> reader("ffffff 00 00 00000001").next(), FRAME_SIZE_ERROR, 1);
    }

    @ParameterizedTest(name = "{0} on stream 0")
    @CsvSource({
        "DATA,         000001 00 00 00000000 61",
        "HEADERS,      000001 01 04 00000000 82",
        "PRIORITY,     000005 02 00 00000000 0000000110",
        "RST_STREAM,   000004 03 00 00000000 00000008",
        "PUSH_PROMISE, 000005 05 04 00000000 00000002 82",
        "CONTINUATION, 000001 09 04 00000000 82"})
    void aStreamFrameOnStreamZeroIsAConnectionProtocolError(String type, String hex) {
        assertConnectionError(() -> reader(hex).next(), PROTOCOL_ERROR, 0);
    }

    @ParameterizedTest(name = "{0} on stream 1")
    @CsvSource({
        "SETTINGS, 000000 04 00 00000001",
        "SETTINGS, 000000 04 01 00000001",
        "PING,     000008 06 00 00000001 0000000000000000",
        "GOAWAY,   000008 07 00 00000001 0000000000000000"})
    void aConnectionFrameOnAStreamIsAConnectionProtocolError(String type, String hex) {
        assertConnectionError(() -> reader(hex).next(), PROTOCOL_ERROR, 1);
    }

    @ParameterizedTest(name = "PRIORITY of {0} bytes")
    @CsvSource({"0, 000000 02 00 00000003", "4, 000004 02 00 00000003 00000001", "6, 000006 02 00 00000003 000000011000"})
    void aPriorityFrameOfTheWrongSizeIsAStreamFrameSizeErrorAndTheNextFrameStillReads(int size, String hex)
            throws IOException {
        FrameReader r = reader(hex + PING);

        assertStreamError(r::next, FRAME_SIZE_ERROR, 3);
        assertThat(r.next()).isEqualTo(new PingFrame(false, 0x63));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "RST_STREAM of 3 bytes,    000003 03 00 00000001 000008,           1",
        "RST_STREAM of 5 bytes,    000005 03 00 00000001 0000000800,       1",
        "PING of 7 bytes,          000007 06 00 00000000 00000000000000,   0",
        "PING of 9 bytes,          000009 06 00 00000000 000000000000000000, 0",
        "WINDOW_UPDATE of 3 bytes, 000003 08 00 00000001 000001,           1",
        "WINDOW_UPDATE of 5 bytes, 000005 08 00 00000000 0000000100,       0",
        "SETTINGS of 5 bytes,      000005 04 00 00000000 0003000000,       0",
        "SETTINGS of 7 bytes,      000007 04 00 00000000 00030000006400,   0",
        "SETTINGS ACK of 6 bytes,  000006 04 01 00000000 000300000064,     0",
        "GOAWAY of 7 bytes,        000007 07 00 00000000 00000000000000,   0",
        "GOAWAY of 0 bytes,        000000 07 00 00000000,                  0"})
    void aFixedSizeFrameOfTheWrongSizeIsAConnectionFrameSizeError(String what, String hex, int stream) {
        assertConnectionError(() -> reader(hex).next(), FRAME_SIZE_ERROR, stream);
    }

    @Test
    void paddingAsLongAsTheDataFramePayloadIsAConnectionProtocolError() {
        // payload 4: Pad Length 4 leaves -1 bytes of data
        assertConnectionError(() -> reader("000004 00 08 00000001 04 000000").next(), PROTOCOL_ERROR, 1);
        assertConnectionError(() -> reader("000001 00 08 00000001 01").next(), PROTOCOL_ERROR, 1);
    }

    @Test
    void aPaddedFrameTooShortForItsPadLengthIsAConnectionFrameSizeError() {
        assertConnectionError(() -> reader("000000 00 08 00000001").next(), FRAME_SIZE_ERROR, 1);
        assertConnectionError(() -> reader("000000 01 0c 00000001").next(), FRAME_SIZE_ERROR, 1);
        assertConnectionError(() -> reader("000000 05 0c 00000001").next(), FRAME_SIZE_ERROR, 1);
    }

    @Test
    void headersPaddingLongerThanWhatThePriorityLeavesIsAConnectionProtocolError() {
        // payload 8 = Pad Length + 5 priority octets + 2: padding of 3 does not fit
        assertConnectionError(() -> reader("000008 01 2c 00000001 03 0000000010 0000").next(), PROTOCOL_ERROR, 1);
        assertConnectionError(() -> reader("000003 01 0c 00000001 03 0000").next(), PROTOCOL_ERROR, 1);
    }

    @Test
    void headersPaddingThatLeavesAnEmptyFragmentIsAllowed() throws IOException {
        HeadersFrame h = (HeadersFrame) reader("000008 01 2c 00000001 02 0000000010 0000").next();

        assertThat(h.fragment()).isEmpty();
        assertThat(h.priority()).contains(new Priority(0, false, 17));
    }

    @Test
    void headersWithThePriorityFlagButNoRoomForItIsAConnectionFrameSizeError() {
        assertConnectionError(() -> reader("000004 01 24 00000001 00000000").next(), FRAME_SIZE_ERROR, 1);
        assertConnectionError(() -> reader("000005 01 2c 00000001 00 00000000").next(), FRAME_SIZE_ERROR, 1);
    }

    @Test
    void pushPromiseWithoutRoomForThePromisedStreamIsAConnectionFrameSizeError() {
        assertConnectionError(() -> reader("000003 05 04 00000001 000000").next(), FRAME_SIZE_ERROR, 1);
    }

    @Test
    void pushPromisePaddingLongerThanItsFragmentIsAConnectionProtocolError() {
        assertConnectionError(() -> reader("000006 05 0c 00000001 02 00000002 82").next(), PROTOCOL_ERROR, 1);
    }

    @Test
    void aWindowUpdateOfZeroOnAStreamIsAStreamProtocolErrorAndTheNextFrameStillReads() throws IOException {
        FrameReader r = reader("000004 08 00 00000007 00000000" + PING);

        assertStreamError(r::next, PROTOCOL_ERROR, 7);
        assertThat(r.next()).isEqualTo(new PingFrame(false, 0x63));
    }

    @Test
    void aWindowUpdateOfZeroOnTheConnectionIsAConnectionProtocolError() {
        assertConnectionError(() -> reader("000004 08 00 00000000 80000000").next(), PROTOCOL_ERROR, 0);
    }

    @Test
    void aPriorityFrameMakingAStreamDependOnItselfIsAStreamProtocolError() throws IOException {
        FrameReader r = reader("000005 02 00 00000003 80000003 10" + PING);

        assertStreamError(r::next, PROTOCOL_ERROR, 3);
        assertThat(r.next()).isEqualTo(new PingFrame(false, 0x63));
    }

    @Test
    void headersMakingAStreamDependOnItselfIsAStreamProtocolErrorThatStillHandsOverTheFieldBlock()
            throws IOException {
        FrameReader r = reader("000006 01 20 00000003 00000003 10 82  000001 09 04 00000003 84" + PING);

        assertThatThrownBy(r::next).isInstanceOfSatisfying(StreamException.class, e -> {
            assertThat(e.code()).isEqualTo(PROTOCOL_ERROR);
            assertThat(e.streamId()).isEqualTo(3);
            assertThat(e.frame()).contains(new HeadersFrame(3, false, false, Optional.of(new Priority(3, false, 17)),
                    Wire.hex("82")));
        });
        assertThat(r.fieldBlockStream()).as("the field block goes on").isEqualTo(3);
        assertThat(r.next()).isEqualTo(new ContinuationFrame(3, true, Wire.hex("84")));
        assertThat(r.next()).isEqualTo(new PingFrame(false, 0x63));
    }

    @Test
    void aContinuationWithoutAFieldBlockInProgressIsAConnectionProtocolError() {
        assertConnectionError(() -> reader("000001 09 04 00000001 82").next(), PROTOCOL_ERROR, 1);
        assertConnectionError(() -> {
            FrameReader r = reader("000001 01 04 00000001 82  000001 09 04 00000001 84");
            r.next();
            r.next();
        }, PROTOCOL_ERROR, 1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "PING,                    " + PING + ", 0",
        "DATA on the same stream, 000001 00 00 00000001 61, 1",
        "HEADERS on another,      000001 01 04 00000003 82, 3",
        "CONTINUATION of another, 000001 09 04 00000003 82, 3",
        "an unknown frame type,   000000 fa 00 00000001, 1",
        "PRIORITY,                000005 02 00 00000003 0000000110, 3"})
    void anyOtherFrameInsideAFieldBlockIsAConnectionProtocolError(String what, String hex, int stream)
            throws IOException {
        FrameReader r = reader("000001 01 00 00000001 82" + hex);
        r.next();

        assertConnectionError(r::next, PROTOCOL_ERROR, stream);
    }

    @Test
    void pushPromiseWithoutEndHeadersAlsoOpensAFieldBlock() throws IOException {
        FrameReader r = reader("000005 05 00 00000001 00000002 82" + PING);
        r.next();

        assertThat(r.fieldBlockStream()).isEqualTo(1);
        assertConnectionError(r::next, PROTOCOL_ERROR, 0);
    }
}
