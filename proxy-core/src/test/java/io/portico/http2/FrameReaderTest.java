package io.portico.http2;

import static io.portico.http2.Wire.hex;
import static io.portico.http2.Wire.readOne;
import static io.portico.http2.Wire.reader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Frames read from hand-written bytes laid out as RFC 9113 §4.1 and §6 draw them. */
class FrameReaderTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void dataFrameCarriesItsBytesAndEndStream() throws IOException {
        //                 length type flags stream     data
        Frame f = readOne("000005 00 01 00000001 68656c6c6f");

        assertThat(f).isEqualTo(new DataFrame(1, true, ascii("hello")));
        DataFrame d = (DataFrame) f;
        assertThat(d.padding()).isZero();
        assertThat(d.flowControlledLength()).isEqualTo(5);
    }

    @Test
    void paddedDataFrameDropsThePaddingButCountsItForFlowControl() throws IOException {
        //                 length type PADDED stream  padlen data   padding
        DataFrame d = (DataFrame) readOne("000006 00 08 00000003 02 616263 0000");

        assertThat(d.streamId()).isEqualTo(3);
        assertThat(d.endStream()).isFalse();
        assertThat(new String(d.data(), d.offset(), d.length(), StandardCharsets.US_ASCII)).isEqualTo("abc");
        assertThat(d.padding()).isEqualTo(3);
        assertThat(d.flowControlledLength()).isEqualTo(6);
    }

    @Test
    void paddingMayFillAllButThePadLengthOctet() throws IOException {
        DataFrame d = (DataFrame) readOne("000004 00 09 00000001 03 000000");

        assertThat(d.length()).isZero();
        assertThat(d.endStream()).isTrue();
        assertThat(d.flowControlledLength()).isEqualTo(4);
    }

    @Test
    void emptyDataFrameEndsTheStreamWithoutAskingForABuffer() throws IOException {
        List<Integer> asked = new ArrayList<>();
        FrameReader r = new FrameReader(Wire.whole(hex("000000 00 01 00000001")), 16_384, n -> {
            asked.add(n);
            return new byte[n];
        });

        DataFrame d = (DataFrame) r.next();

        assertThat(d.length()).isZero();
        assertThat(d.endStream()).isTrue();
        assertThat(asked).isEmpty();
    }

    @Test
    void dataIsReadIntoTheArrayTheBufferSourceHandsOutAndTheFrameKeepsIt() throws IOException {
        byte[] pooled = new byte[64];
        List<Integer> asked = new ArrayList<>();
        FrameReader r = new FrameReader(Wire.whole(hex("000003 00 00 00000001 616263  000002 00 00 00000001 6465")),
                16_384, n -> {
                    asked.add(n);
                    return asked.size() == 1 ? pooled : new byte[n];
                });

        DataFrame first = (DataFrame) r.next();
        DataFrame second = (DataFrame) r.next();

        assertThat(asked).containsExactly(3, 2);
        assertThat(first.data()).isSameAs(pooled);
        assertThat(first.offset()).isZero();
        assertThat(first.length()).isEqualTo(3);
        assertThat(new String(pooled, 0, 3, StandardCharsets.US_ASCII)).isEqualTo("abc");
        assertThat(second.data()).isNotSameAs(pooled);
        assertThat(pooled[3]).as("the second frame did not touch the first one's array").isZero();
    }

    @Test
    void aDataBufferSmallerThanTheDataIsABugInTheSource() {
        FrameReader r = new FrameReader(Wire.whole(hex("000003 00 00 00000001 616263")), 16_384, n -> new byte[n - 1]);

        assertThatThrownBy(r::next).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void headersFrameWithPaddingAndPriorityKeepsOnlyTheFragment() throws IOException {
        // flags 0x2C = PRIORITY | PADDED | END_HEADERS; pad 16; E=1, dependency 20; weight 9+1
        Frame f = readOne("000023 01 2c 00000003 10 80000014 09" + hex(ascii("this is dummy"))
                + hex(ascii("This is padding.")));

        assertThat(f).isEqualTo(new HeadersFrame(3, false, true, Optional.of(new Priority(20, true, 10)),
                ascii("this is dummy")));
    }

    @Test
    void headersFrameWithoutPriorityHasNone() throws IOException {
        HeadersFrame h = (HeadersFrame) readOne("000003 01 05 00000001 828684");

        assertThat(h.endStream()).isTrue();
        assertThat(h.endHeaders()).isTrue();
        assertThat(h.priority()).isEmpty();
        assertThat(h.fragment()).containsExactly(0x82, 0x86, 0x84);
    }

    @Test
    void continuationFramesFollowHeadersWithoutEndHeaders() throws IOException {
        FrameReader r = reader("000002 01 01 00000005 8286  000001 09 00 00000005 84  000001 09 04 00000005 41");

        HeadersFrame h = (HeadersFrame) r.next();
        assertThat(h.endHeaders()).isFalse();
        assertThat(h.endStream()).isTrue();
        assertThat(r.fieldBlockStream()).isEqualTo(5);
        assertThat(r.next()).isEqualTo(new ContinuationFrame(5, false, hex("84")));
        assertThat(r.next()).isEqualTo(new ContinuationFrame(5, true, hex("41")));
        assertThat(r.fieldBlockStream()).isZero();
        assertThat(r.next()).isNull();
    }

    @Test
    void priorityFrameCarriesDependencyExclusiveFlagAndWeight() throws IOException {
        assertThat(readOne("000005 02 00 00000003 80000001 0f")).isEqualTo(new PriorityFrame(3, new Priority(1, true, 16)));
        assertThat(readOne("000005 02 00 00000003 00000000 ff")).isEqualTo(new PriorityFrame(3, new Priority(0, false, 256)));
    }

    @Test
    void rstStreamFrameKeepsTheRawCode() throws IOException {
        RstStreamFrame r = (RstStreamFrame) readOne("000004 03 00 00000005 00000008");

        assertThat(r.streamId()).isEqualTo(5);
        assertThat(r.code()).isEqualTo(ErrorCode.CANCEL);
        RstStreamFrame unknown = (RstStreamFrame) readOne("000004 03 00 00000005 deadbeef");
        assertThat(unknown.errorCode()).isEqualTo(0xdeadbeef);
        assertThat(unknown.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
        assertThat(unknown.toString()).contains("unknown 0xdeadbeef");
    }

    @Test
    void settingsFrameListsItsSettingsInOrderWithUnsignedValues() throws IOException {
        Frame f = readOne("000012 04 00 00000000  0004 00010000  0003 00000064  ff01 ffffffff");

        assertThat(f).isEqualTo(new SettingsFrame(false, List.of(
                new SettingsFrame.Setting(Settings.INITIAL_WINDOW_SIZE, 65_536),
                new SettingsFrame.Setting(Settings.MAX_CONCURRENT_STREAMS, 100),
                new SettingsFrame.Setting(0xff01, 0xFFFF_FFFFL))));
    }

    @Test
    void emptySettingsAndSettingsAcknowledgementAreBothValid() throws IOException {
        assertThat(readOne("000000 04 00 00000000")).isEqualTo(new SettingsFrame(false, List.of()));
        assertThat(readOne("000000 04 01 00000000")).isEqualTo(SettingsFrame.ACK);
    }

    @Test
    void pushPromiseIsParsedWholeSoTheServerCanRejectIt() throws IOException {
        // PADDED | END_HEADERS, pad 1, promised stream 2 (reserved bit set), fragment 8287
        Frame f = readOne("000008 05 0c 00000001 01 80000002 8287 00");

        assertThat(f).isEqualTo(new PushPromiseFrame(1, true, 2, hex("8287")));
    }

    @Test
    void pingFrameCarriesItsEightBytesAsALong() throws IOException {
        assertThat(readOne("000008 06 01 00000000 0102030405060708")).isEqualTo(new PingFrame(true, 0x0102030405060708L));
        assertThat(readOne("000008 06 00 00000000 ffffffffffffffff")).isEqualTo(new PingFrame(false, -1L));
    }

    @Test
    void goAwayFrameCarriesLastStreamCodeAndDebugData() throws IOException {
        GoAwayFrame g = (GoAwayFrame) readOne("00000b 07 00 00000000 80000007 00000001 6f6f70");

        assertThat(g.lastStreamId()).isEqualTo(7);
        assertThat(g.code()).isEqualTo(ErrorCode.PROTOCOL_ERROR);
        assertThat(g.debugData()).isEqualTo(ascii("oop"));
    }

    @Test
    void windowUpdateIgnoresTheReservedBitOfItsIncrement() throws IOException {
        assertThat(readOne("000004 08 00 00000001 00001000")).isEqualTo(new WindowUpdateFrame(1, 4096));
        assertThat(readOne("000004 08 00 00000000 ffffffff")).isEqualTo(new WindowUpdateFrame(0, Integer.MAX_VALUE));
    }

    @Test
    void theReservedBitOfTheStreamIdIsIgnored() throws IOException {
        assertThat(readOne("000001 00 00 80000001 61")).isEqualTo(new DataFrame(1, false, ascii("a")));
        assertThat(readOne("000000 04 01 80000000")).isEqualTo(SettingsFrame.ACK);
    }

    @Test
    void unknownFlagsAreIgnored() throws IOException {
        assertThat(readOne("000008 06 fe 00000000 0000000000000001")).isEqualTo(new PingFrame(false, 1));
        assertThat(readOne("000001 00 f6 00000001 61")).isEqualTo(new DataFrame(1, false, ascii("a")));
    }

    @Test
    void unknownFrameTypesAreSkippedWithTheirPayload() throws IOException {
        FrameReader r = reader("000003 fa 07 00000001 010203  000008 06 00 00000000 0000000000000002");

        assertThat(r.next()).isEqualTo(new UnknownFrame(0xfa, 7, 1, 3));
        assertThat(r.next()).isEqualTo(new PingFrame(false, 2));
    }

    @Test
    void aFrameOfExactlyTheMaximumSizeIsAccepted() throws IOException {
        byte[] wire = new byte[9 + 16_384];
        System.arraycopy(hex("004000 00 00 00000001"), 0, wire, 0, 9);

        DataFrame d = (DataFrame) new FrameReader(Wire.whole(wire)).next();

        assertThat(d.length()).isEqualTo(16_384);
    }

    @Test
    void aLargerMaximumFrameSizeAcceptsLargerFrames() throws IOException {
        byte[] wire = new byte[9 + 20_000];
        System.arraycopy(hex("004e20 00 00 00000001"), 0, wire, 0, 9);
        FrameReader r = new FrameReader(Wire.whole(wire), 32_768, byte[]::new);

        assertThat(((DataFrame) r.next()).length()).isEqualTo(20_000);
        assertThat(r.maxFrameSize()).isEqualTo(32_768);
    }

    @Test
    void theMaximumFrameSizeMustBeOneTheRfcAllows() {
        FrameReader r = reader("");

        assertThatThrownBy(() -> r.maxFrameSize(16_383)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> r.maxFrameSize(16_777_216)).isInstanceOf(IllegalArgumentException.class);
        r.maxFrameSize(16_777_215);
        assertThat(r.maxFrameSize()).isEqualTo(16_777_215);
    }

    @Test
    void aStreamEndingBetweenFramesEndsCleanly() throws IOException {
        assertThat(reader("").next()).isNull();
    }

    @Test
    void aStreamEndingInsideAFrameIsAnEof() {
        assertThatThrownBy(() -> reader("000005 00").next()).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> reader("000005 00 00 00000001 6869").next()).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> reader("000004 00 08 00000001 02 61").next()).isInstanceOf(EOFException.class);
    }

    @Test
    void aStreamEndingInsideAFieldBlockIsAnEof() throws IOException {
        FrameReader r = reader("000001 01 00 00000001 82");
        r.next();

        assertThatThrownBy(r::next).isInstanceOf(EOFException.class);
    }
}
