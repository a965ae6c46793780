package io.portico.http2;

import static io.portico.http2.Wire.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.io.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Frames written by {@link FrameWriter}, byte for byte against the RFC 9113 layout. */
class FrameWriterTest {
    private final FrameWriter writer = new FrameWriter();
    private final ByteBuf out = new ByteBuf();

    private String written() {
        return Wire.hex(Wire.bytes(out));
    }

    private static String h(String spaced) {
        return spaced.replace(" ", "");
    }

    @Test
    void dataIsWrittenUnpaddedWithEndStream() {
        writer.data(out, 1, true, "xhelloy".getBytes(), 1, 5);

        assertThat(written()).isEqualTo(h("000005 00 01 00000001 68656c6c6f"));
    }

    @Test
    void emptyDataWithEndStreamIsOneEmptyFrame() {
        writer.data(out, 3, true, new byte[0], 0, 0);

        assertThat(written()).isEqualTo(h("000000 00 01 00000003"));
    }

    @Test
    void dataLargerThanTheFrameSizeIsSplitWithEndStreamOnTheLastFrameOnly() throws IOException {
        byte[] body = new byte[20_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        writer.data(out, 1, true, body, 0, body.length);

        List<Frame> frames = Wire.readAll(new FrameReader(Wire.whole(Wire.bytes(out))));
        assertThat(frames).hasSize(2);
        DataFrame first = (DataFrame) frames.get(0);
        DataFrame last = (DataFrame) frames.get(1);
        assertThat(first.length()).isEqualTo(16_384);
        assertThat(first.endStream()).isFalse();
        assertThat(last.length()).isEqualTo(20_000 - 16_384);
        assertThat(last.endStream()).isTrue();
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        joined.write(first.data(), first.offset(), first.length());
        joined.write(last.data(), last.offset(), last.length());
        assertThat(joined.toByteArray()).isEqualTo(body);
    }

    @Test
    void aDataHeaderAloneLetsTheCallerWriteTheBytesItself() {
        writer.dataHeader(out, 5, false, 1024);

        assertThat(written()).isEqualTo(h("000400 00 00 00000005"));
        assertThatThrownBy(() -> writer.dataHeader(out, 5, false, 16_385)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSmallFieldBlockIsOneHeadersFrameWithEndHeaders() {
        writer.headers(out, 1, true, hex("828684"), 0, 3);

        assertThat(written()).isEqualTo(h("000003 01 05 00000001 828684"));
    }

    @Test
    void anEmptyFieldBlockIsOneEmptyHeadersFrame() {
        writer.headers(out, 1, false, new byte[0], 0, 0);

        assertThat(written()).isEqualTo(h("000000 01 04 00000001"));
    }

    @Test
    void aFieldBlockOfExactlyTheFrameSizeNeedsNoContinuation() throws IOException {
        writer.headers(out, 1, false, new byte[16_384], 0, 16_384);

        List<Frame> frames = Wire.readAll(new FrameReader(Wire.whole(Wire.bytes(out))));
        assertThat(frames).hasSize(1);
        assertThat(((HeadersFrame) frames.get(0)).endHeaders()).isTrue();
    }

    @Test
    void aLargeFieldBlockIsSplitIntoHeadersAndContinuationsAtTheFrameSizeAndReadsBackWhole() throws IOException {
        byte[] block = new byte[40_000];
        for (int i = 0; i < block.length; i++) {
            block[i] = (byte) (i * 31);
        }
        writer.headers(out, 7, true, block, 0, block.length);

        List<Frame> frames = Wire.readAll(new FrameReader(Wire.whole(Wire.bytes(out))));
        assertThat(frames).hasSize(3);
        HeadersFrame headers = (HeadersFrame) frames.get(0);
        ContinuationFrame middle = (ContinuationFrame) frames.get(1);
        ContinuationFrame last = (ContinuationFrame) frames.get(2);
        assertThat(headers.streamId()).isEqualTo(7);
        assertThat(headers.endStream()).as("END_STREAM rides on HEADERS").isTrue();
        assertThat(headers.endHeaders()).isFalse();
        assertThat(headers.fragment()).hasSize(16_384);
        assertThat(middle.endHeaders()).isFalse();
        assertThat(middle.fragment()).hasSize(16_384);
        assertThat(last.endHeaders()).isTrue();
        assertThat(last.fragment()).hasSize(40_000 - 2 * 16_384);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        joined.write(headers.fragment());
        joined.write(middle.fragment());
        joined.write(last.fragment());
        assertThat(joined.toByteArray()).isEqualTo(block);
    }

    @Test
    void thePeersLargerFrameSizeMakesFewerFrames() throws IOException {
        writer.maxFrameSize(32_768);
        writer.headers(out, 1, false, new byte[40_000], 0, 40_000);

        FrameReader reader = new FrameReader(Wire.whole(Wire.bytes(out)), 32_768, byte[]::new);
        assertThat(Wire.readAll(reader)).hasSize(2);
    }

    @Test
    void settingsAreWrittenInOrder() {
        writer.settings(out, List.of(new SettingsFrame.Setting(Settings.MAX_CONCURRENT_STREAMS, 100),
                new SettingsFrame.Setting(Settings.INITIAL_WINDOW_SIZE, 0xFFFF_FFFFL >>> 1)));

        assertThat(written()).isEqualTo(h("00000c 04 00 00000000 0003 00000064 0004 7fffffff"));
    }

    @Test
    void settingsAckIsAnEmptySettingsFrameWithAck() {
        writer.settingsAck(out);

        assertThat(written()).isEqualTo(h("000000 04 01 00000000"));
    }

    @Test
    void pingAckEchoesThePayload() {
        writer.ping(out, true, 0x0102030405060708L);

        assertThat(written()).isEqualTo(h("000008 06 01 00000000 0102030405060708"));
    }

    @Test
    void goAwayCarriesLastStreamCodeAndDebugData() {
        writer.goAway(out, 7, ErrorCode.ENHANCE_YOUR_CALM, "calm".getBytes());

        assertThat(written()).isEqualTo(h("00000c 07 00 00000000 00000007 0000000b 63616c6d"));
    }

    @Test
    void rstStreamCarriesTheCode() {
        writer.rstStream(out, 3, ErrorCode.REFUSED_STREAM);

        assertThat(written()).isEqualTo(h("000004 03 00 00000003 00000007"));
    }

    @Test
    void windowUpdateCarriesTheIncrement() {
        writer.windowUpdate(out, 0, Integer.MAX_VALUE);
        writer.windowUpdate(out, 1, 1);

        assertThat(written()).isEqualTo(h("000004 08 00 00000000 7fffffff  000004 08 00 00000001 00000001"));
    }

    @Test
    void headersWithPriorityAndPaddedDataAreWrittenAsTheRecordsSay() {
        writer.write(out, new HeadersFrame(3, false, true, Optional.of(new Priority(1, true, 256)), hex("82")));
        writer.write(out, new DataFrame(3, true, hex("616263"), 0, 3, 3));

        assertThat(written()).isEqualTo(h("000006 01 24 00000003 80000001 ff 82  000006 00 09 00000003 02 616263 0000"));
    }

    @Test
    void framesThatBreakTheProtocolAreRefused() {
        assertThatThrownBy(() -> writer.windowUpdate(out, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.rstStream(out, 0, ErrorCode.CANCEL)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.data(out, 0, true, new byte[1], 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.headers(out, -1, true, new byte[1], 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.write(out, new DataFrame(1, false, new byte[16_385])))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.write(out, new HeadersFrame(1, false, true, new byte[16_385])))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.maxFrameSize(16_383)).isInstanceOf(IllegalArgumentException.class);
        assertThat(out.length()).as("nothing written by a refused call").isZero();
    }
}
