package io.portico.http2;

import static io.portico.http2.ErrorCode.PROTOCOL_ERROR;
import static io.portico.http2.ErrorCode.STREAM_CLOSED;
import static io.portico.http2.StreamState.CLOSED;
import static io.portico.http2.StreamState.FORGOTTEN;
import static io.portico.http2.StreamState.HALF_CLOSED_LOCAL;
import static io.portico.http2.StreamState.HALF_CLOSED_REMOTE;
import static io.portico.http2.StreamState.IDLE;
import static io.portico.http2.StreamState.OPEN;
import static io.portico.http2.StreamState.RESET_RECEIVED;
import static io.portico.http2.StreamState.RESET_SENT;
import static io.portico.http2.Wire.assertConnectionError;
import static io.portico.http2.Wire.assertStreamError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** RFC 9113 §5.1 from the server's side: the transitions and the errors for frames in the wrong state. */
class Http2StreamStateTest {
    private static final int ID = 5;
    private static final byte[] BLOCK = {(byte) 0x82};

    private static Frame headers(boolean endStream) {
        return new HeadersFrame(ID, endStream, true, BLOCK);
    }

    private static Frame data(boolean endStream) {
        return new DataFrame(ID, endStream, new byte[3]);
    }

    private static final Frame RST = new RstStreamFrame(ID, ErrorCode.CANCEL);
    private static final Frame WINDOW_UPDATE = new WindowUpdateFrame(ID, 100);
    private static final Frame PRIORITY = new PriorityFrame(ID, new Priority(0, false, 16));
    private static final Frame CONTINUATION = new ContinuationFrame(ID, true, BLOCK);

    @Test
    void headersOpenAnIdleStreamAndWithEndStreamHalfCloseIt() {
        assertThat(IDLE.received(headers(false))).isEqualTo(OPEN);
        assertThat(IDLE.received(headers(true))).isEqualTo(HALF_CLOSED_REMOTE);
    }

    @Test
    void priorityIsAllowedOnAnIdleStreamAndLeavesItIdle() {
        assertThat(IDLE.received(PRIORITY)).isEqualTo(IDLE);
    }

    @Test
    void anyOtherFrameOnAnIdleStreamIsAConnectionProtocolError() {
        assertConnectionError(() -> IDLE.received(data(false)), PROTOCOL_ERROR, ID);
        assertConnectionError(() -> IDLE.received(RST), PROTOCOL_ERROR, ID);
        assertConnectionError(() -> IDLE.received(WINDOW_UPDATE), PROTOCOL_ERROR, ID);
        assertConnectionError(() -> IDLE.received(CONTINUATION), PROTOCOL_ERROR, ID);
    }

    @Test
    void aRequestWithABodyGoesFromOpenThroughHalfClosedToClosed() {
        StreamState s = IDLE.received(headers(false));
        s = s.received(data(false));
        assertThat(s).isEqualTo(OPEN);
        s = s.received(data(true));
        assertThat(s).isEqualTo(HALF_CLOSED_REMOTE);
        s = s.sent(FrameType.HEADERS, false);
        assertThat(s).isEqualTo(HALF_CLOSED_REMOTE);
        s = s.sent(FrameType.DATA, true);
        assertThat(s).isEqualTo(CLOSED);
        assertThat(s.isActive()).isFalse();
    }

    @Test
    void trailersEndTheRequest() {
        assertThat(OPEN.received(headers(true))).isEqualTo(HALF_CLOSED_REMOTE);
        assertThat(HALF_CLOSED_LOCAL.received(headers(true))).isEqualTo(CLOSED);
    }

    @Test
    void aSecondHeadersWithoutEndStreamIsAStreamProtocolError() {
        assertStreamError(() -> OPEN.received(headers(false)), PROTOCOL_ERROR, ID);
        assertStreamError(() -> HALF_CLOSED_LOCAL.received(headers(false)), PROTOCOL_ERROR, ID);
    }

    @Test
    void anEarlyResponseHalfClosesTheLocalSideAndTheRequestBodyMayStillCome() {
        StreamState s = OPEN.sent(FrameType.HEADERS, true);
        assertThat(s).isEqualTo(HALF_CLOSED_LOCAL);
        assertThat(s.canReceiveData()).isTrue();
        assertThat(s.received(data(false))).isEqualTo(HALF_CLOSED_LOCAL);
        assertThat(s.received(data(true))).isEqualTo(CLOSED);
        assertThat(s.sent(FrameType.WINDOW_UPDATE, false)).isEqualTo(HALF_CLOSED_LOCAL);
    }

    @Test
    void dataOrHeadersAfterTheClientsEndStreamIsAStreamClosedStreamError() {
        assertStreamError(() -> HALF_CLOSED_REMOTE.received(data(false)), STREAM_CLOSED, ID);
        assertStreamError(() -> HALF_CLOSED_REMOTE.received(headers(true)), STREAM_CLOSED, ID);
    }

    @Test
    void controlFramesAreAllowedOnAHalfClosedRemoteStream() {
        assertThat(HALF_CLOSED_REMOTE.received(WINDOW_UPDATE)).isEqualTo(HALF_CLOSED_REMOTE);
        assertThat(HALF_CLOSED_REMOTE.received(PRIORITY)).isEqualTo(HALF_CLOSED_REMOTE);
        assertThat(HALF_CLOSED_REMOTE.received(RST)).isEqualTo(RESET_RECEIVED);
    }

    @Test
    void continuationBelongsToTheHeadersBeforeItEvenWhenThoseClosedTheStream() {
        assertThat(HALF_CLOSED_REMOTE.received(CONTINUATION)).isEqualTo(HALF_CLOSED_REMOTE);
        assertThat(CLOSED.received(CONTINUATION)).isEqualTo(CLOSED);
    }

    @ParameterizedTest
    @EnumSource(names = {"OPEN", "HALF_CLOSED_LOCAL", "HALF_CLOSED_REMOTE"})
    void rstStreamFromTheClientResetsAnActiveStream(StreamState s) {
        assertThat(s.isActive()).isTrue();
        assertThat(s.received(RST)).isEqualTo(RESET_RECEIVED);
    }

    @Test
    void afterTheClientResetAStreamOnlyPriorityAndRstStreamPass() {
        assertThat(RESET_RECEIVED.received(PRIORITY)).isEqualTo(RESET_RECEIVED);
        assertThat(RESET_RECEIVED.received(RST)).as("never answer RST_STREAM with RST_STREAM").isEqualTo(RESET_RECEIVED);
        assertStreamError(() -> RESET_RECEIVED.received(data(false)), STREAM_CLOSED, ID);
        assertStreamError(() -> RESET_RECEIVED.received(headers(true)), STREAM_CLOSED, ID);
        assertStreamError(() -> RESET_RECEIVED.received(WINDOW_UPDATE), STREAM_CLOSED, ID);
    }

    @Test
    void afterTheServerResetAStreamEverythingTheClientStillSendsIsIgnored() {
        StreamState s = OPEN.sent(FrameType.RST_STREAM, false);
        assertThat(s).isEqualTo(RESET_SENT);
        for (Frame f : new Frame[] {data(true), headers(true), RST, WINDOW_UPDATE, PRIORITY, CONTINUATION}) {
            assertThat(s.received(f)).as(f.toString()).isEqualTo(RESET_SENT);
        }
    }

    @Test
    void dataOrHeadersOnAStreamClosedByBothEndStreamsIsAConnectionStreamClosedError() {
        assertConnectionError(() -> CLOSED.received(data(false)), STREAM_CLOSED, ID);
        assertConnectionError(() -> CLOSED.received(headers(true)), STREAM_CLOSED, ID);
        assertThat(CLOSED.received(WINDOW_UPDATE)).isEqualTo(CLOSED);
        assertThat(CLOSED.received(RST)).isEqualTo(CLOSED);
        assertThat(CLOSED.received(PRIORITY)).isEqualTo(CLOSED);
    }

    @Test
    void onAForgottenStreamDataIsResetAndHeadersEndTheConnection() {
        assertStreamError(() -> FORGOTTEN.received(data(false)), STREAM_CLOSED, ID);
        assertConnectionError(() -> FORGOTTEN.received(headers(false)), STREAM_CLOSED, ID);
        assertThat(FORGOTTEN.received(WINDOW_UPDATE)).isEqualTo(FORGOTTEN);
        assertThat(FORGOTTEN.received(RST)).isEqualTo(FORGOTTEN);
        assertThat(FORGOTTEN.received(PRIORITY)).isEqualTo(FORGOTTEN);
    }

    @Test
    void theServerSendingOnAStreamThatIsNotOpenForItIsABug() {
        assertThatThrownBy(() -> IDLE.sent(FrameType.HEADERS, false)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> HALF_CLOSED_LOCAL.sent(FrameType.DATA, false)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> CLOSED.sent(FrameType.DATA, true)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> RESET_RECEIVED.sent(FrameType.RST_STREAM, false)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void clientStreamIdsAreOddAndRising() {
        ClientStreamIds ids = new ClientStreamIds();
        assertThat(ids.untracked(1)).isEqualTo(IDLE);

        ids.open(1);
        ids.open(7);

        assertThat(ids.lastOpened()).isEqualTo(7);
        assertThat(ids.untracked(3)).as("skipped, so implicitly closed").isEqualTo(FORGOTTEN);
        assertThat(ids.untracked(9)).isEqualTo(IDLE);
        assertConnectionError(() -> ids.open(8), PROTOCOL_ERROR, 8);
        assertConnectionError(() -> ids.open(7), PROTOCOL_ERROR, 7);
        assertConnectionError(() -> ids.open(5), PROTOCOL_ERROR, 5);
        assertThat(ids.lastOpened()).isEqualTo(7);
    }
}
