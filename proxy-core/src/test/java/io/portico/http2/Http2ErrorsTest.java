package io.portico.http2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Http2ErrorsTest {

    @Test
    void errorCodesHaveTheirRfc9113Numbers() {
        assertThat(ErrorCode.NO_ERROR.value()).isEqualTo(0x0);
        assertThat(ErrorCode.PROTOCOL_ERROR.value()).isEqualTo(0x1);
        assertThat(ErrorCode.FLOW_CONTROL_ERROR.value()).isEqualTo(0x3);
        assertThat(ErrorCode.STREAM_CLOSED.value()).isEqualTo(0x5);
        assertThat(ErrorCode.FRAME_SIZE_ERROR.value()).isEqualTo(0x6);
        assertThat(ErrorCode.CANCEL.value()).isEqualTo(0x8);
        assertThat(ErrorCode.ENHANCE_YOUR_CALM.value()).isEqualTo(0xb);
        assertThat(ErrorCode.HTTP_1_1_REQUIRED.value()).isEqualTo(0xd);
        for (ErrorCode c : ErrorCode.values()) {
            assertThat(ErrorCode.of(c.value())).isEqualTo(c);
        }
    }

    @Test
    void anUnknownCodeMeansInternalErrorButKeepsItsNumberForTheLog() {
        assertThat(ErrorCode.isKnown(0xe)).isFalse();
        assertThat(ErrorCode.of(0xe)).isEqualTo(ErrorCode.INTERNAL_ERROR);
        assertThat(ErrorCode.of(-1)).isEqualTo(ErrorCode.INTERNAL_ERROR);
        assertThat(ErrorCode.describe(0xe)).isEqualTo("unknown 0xe");
        assertThat(ErrorCode.describe(0xffffffff)).isEqualTo("unknown 0xffffffff");
        assertThat(ErrorCode.describe(8)).isEqualTo("CANCEL");
    }

    @Test
    void aStreamErrorNamesTheStreamToResetAndAConnectionErrorTheStreamItWasFoundOn() {
        Http2Exception stream = Http2Exception.stream(ErrorCode.STREAM_CLOSED, 5, "DATA after END_STREAM");
        Http2Exception connection = Http2Exception.connection(ErrorCode.PROTOCOL_ERROR, 3, "CONTINUATION out of place");

        assertThat(stream).isInstanceOf(StreamException.class);
        assertThat(stream.streamId()).isEqualTo(5);
        assertThat(stream.toString()).isEqualTo("stream error STREAM_CLOSED on stream 5: DATA after END_STREAM");
        assertThat(connection).isInstanceOf(ConnectionException.class);
        assertThat(connection.streamId()).isEqualTo(3);
        assertThat(connection.toString()).startsWith("connection error PROTOCOL_ERROR");
        assertThat(Http2Exception.connection(ErrorCode.PROTOCOL_ERROR, "x").streamId()).isZero();
        assertThat(stream.getStackTrace()).as("cheap to throw").isEmpty();
    }

    @Test
    void aStreamErrorNeedsAStream() {
        assertThatThrownBy(() -> Http2Exception.stream(ErrorCode.CANCEL, 0, "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theScopeDecidesTheAnswerInOneSwitch() {
        Http2Exception e = Http2Exception.stream(ErrorCode.CANCEL, 1, "x");

        String answer = switch (e) {
            case ConnectionException c -> "GOAWAY " + c.code();
            case StreamException s -> "RST_STREAM " + s.streamId() + " " + s.code();
        };

        assertThat(answer).isEqualTo("RST_STREAM 1 CANCEL");
    }
}
