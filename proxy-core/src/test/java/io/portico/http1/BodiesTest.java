package io.portico.http1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.http.ProtocolException;
import io.portico.http.ProtocolException.Kind;
import io.portico.io.ByteReader;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class BodiesTest {

    private static InputStream open(BodyFraming framing, ByteReader in) {
        return Bodies.open(framing, in, Http1Limits.DEFAULTS, false);
    }

    @Test
    void eachFramingOpensTheMatchingStream() throws IOException {
        assertThat(open(BodyFraming.NO_BODY, Wire.whole("next")).read()).isEqualTo(-1);
        assertThat(open(new BodyFraming.FixedLength(0), Wire.whole("next")).read()).isEqualTo(-1);
        assertThat(open(new BodyFraming.FixedLength(3), Wire.whole("abcdef"))).isInstanceOf(FixedLengthInputStream.class);
        assertThat(open(BodyFraming.CHUNKED, Wire.whole(""))).isInstanceOf(ChunkedInputStream.class);
        assertThat(open(BodyFraming.UNTIL_CLOSE, Wire.whole(""))).isInstanceOf(UntilCloseInputStream.class);
    }

    @Test
    void noBodyIsOneSharedStreamAlwaysAtItsEndEvenAfterClose() throws IOException {
        InputStream none = open(BodyFraming.NO_BODY, Wire.whole("GET / HTTP/1.1"));
        assertThat(none).isSameAs(Bodies.EMPTY).isSameAs(open(new BodyFraming.FixedLength(0), Wire.whole("")));
        none.close();
        assertThat(none.read()).isEqualTo(-1);
        assertThat(none.read(new byte[8], 0, 8)).isEqualTo(-1);
        assertThat(none.read(new byte[8], 0, 0)).isZero();
        assertThat(none.readAllBytes()).isEmpty();
        assertThat(none.skip(10)).isZero();
        assertThat(none.available()).isZero();
        assertThat(none.transferTo(new java.io.ByteArrayOutputStream())).isZero();
        assertThatThrownBy(() -> none.read(new byte[2], 1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void aFixedLengthBodyStopsAtItsLengthAndLeavesTheRest() throws IOException {
        ByteReader in = Wire.whole("abcdef");
        FixedLengthInputStream body = new FixedLengthInputStream(in, 4);

        assertThat(body.available()).isZero();
        assertThat(in.fill()).isTrue();
        assertThat(body.available()).isEqualTo(4);
        assertThat(Wire.text(body.readAllBytes())).isEqualTo("abcd");
        assertThat(body.remaining()).isZero();
        assertThat(in.read()).isEqualTo('e');
    }

    @Test
    void aFixedLengthBodyCutShortIsAnEofError() {
        assertThatThrownBy(() -> new FixedLengthInputStream(Wire.whole("abc"), 5).readAllBytes()).isInstanceOf(EOFException.class);
        FixedLengthInputStream skipped = new FixedLengthInputStream(Wire.whole("abc"), 5);
        assertThatCode(() -> assertThat(skipped.skip(10)).isEqualTo(3)).doesNotThrowAnyException();
        assertThatThrownBy(() -> skipped.skip(10)).isInstanceOf(EOFException.class);
    }

    @Test
    void aFixedLengthBodyRelayedFromTheReadersBufferStopsAtItsLengthAndLeavesTheRest() throws IOException {
        ByteReader in = Wire.oneByteAtATime("abcdef");
        FixedLengthInputStream body = new FixedLengthInputStream(in, 4);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int writes = 0;
        while (body.awaitBuffered()) {
            writes++;
            assertThat(body.writeBufferedTo(out)).isPositive();
        }
        assertThat(writes).isEqualTo(4);
        assertThat(Wire.text(out.toByteArray())).isEqualTo("abcd");
        assertThat(body.remaining()).isZero();
        assertThat(in.read()).isEqualTo('e');

        ByteReader whole = Wire.whole("abcdef");
        FixedLengthInputStream inOne = new FixedLengthInputStream(whole, 5);
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        assertThat(inOne.awaitBuffered()).isTrue();
        assertThat(inOne.writeBufferedTo(all)).isEqualTo(5);
        assertThat(inOne.awaitBuffered()).isFalse();
        assertThat(Wire.text(all.toByteArray())).isEqualTo("abcde");
    }

    @Test
    void aRelayedFixedLengthBodyCutShortIsAnEofErrorAndAFailedWriteConsumesNothing() throws IOException {
        FixedLengthInputStream shortBody = new FixedLengthInputStream(Wire.whole("abc"), 5);
        assertThat(shortBody.awaitBuffered()).isTrue();
        assertThat(shortBody.writeBufferedTo(java.io.OutputStream.nullOutputStream())).isEqualTo(3);
        assertThatThrownBy(shortBody::awaitBuffered).isInstanceOf(EOFException.class);

        ByteReader in = Wire.whole("abcdef");
        FixedLengthInputStream body = new FixedLengthInputStream(in, 6);
        assertThat(body.awaitBuffered()).isTrue();
        java.io.OutputStream broken = new java.io.OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("client gone");
            }
        };
        assertThatThrownBy(() -> body.writeBufferedTo(broken)).hasMessage("client gone");
        assertThat(body.remaining()).isEqualTo(6);
        assertThat(in.buffered()).isEqualTo(6);
    }

    @Test
    void anUntilCloseBodyReadsToTheEndOfTheStream() throws IOException {
        assertThat(Wire.text(new UntilCloseInputStream(Wire.oneByteAtATime("all of it")).readAllBytes())).isEqualTo("all of it");
    }

    @Test
    void drainSaysTheConnectionCanBeReusedOnlyWhenTheBodyEndedWithinTheBound() throws IOException {
        assertThat(Bodies.drain(new FixedLengthInputStream(Wire.whole("x".repeat(100)), 100), 100)).isTrue();
        assertThat(Bodies.drain(new FixedLengthInputStream(Wire.whole("x".repeat(101)), 101), 100)).isFalse();
        assertThat(Bodies.drain(new ChunkedInputStream(Wire.oneByteAtATime("3\r\nabc\r\n0\r\n\r\n"), Http1Limits.DEFAULTS, false), 3))
            .isTrue();
        assertThat(Bodies.drain(new FixedLengthInputStream(Wire.whole("abc"), 5), 10)).isFalse();
        assertThat(Bodies.drain(new ChunkedInputStream(Wire.whole("3\r\nabcX"), Http1Limits.DEFAULTS, false), 10)).isFalse();
        assertThat(Bodies.drain(new UntilCloseInputStream(Wire.whole("y".repeat(50))), 49)).isFalse();
        assertThat(Bodies.drain(new ByteArrayInputStream(new byte[64]), 64)).isTrue();
        assertThat(Bodies.drain(InputStream.nullInputStream(), 0)).isTrue();
    }

    @Test
    void drainLeavesTheReaderAtTheNextMessage() throws IOException {
        ByteReader in = Wire.whole("4\r\nabcd\r\n0\r\nT: 1\r\n\r\nNEXT");

        assertThat(Bodies.drain(new ChunkedInputStream(in, Http1Limits.DEFAULTS, false), 100)).isTrue();
        assertThat(in.consumed()).isEqualTo("4\r\nabcd\r\n0\r\nT: 1\r\n\r\n".length());
    }

    @Test
    void aLimitedStreamAllowsExactlyItsMaximum() throws IOException {
        LimitedInputStream exact = new LimitedInputStream(new ByteArrayInputStream(new byte[10]), 10);

        assertThat(exact.readAllBytes()).hasSize(10);
        assertThat(exact.count()).isEqualTo(10);
    }

    @Test
    void aLimitedStreamThrowsBodyTooLargeOneBytePastItsMaximum() {
        LimitedInputStream over = new LimitedInputStream(new ByteArrayInputStream(new byte[11]), 10);
        LimitedInputStream overBySingleBytes = new LimitedInputStream(new ByteArrayInputStream(new byte[11]), 10);

        assertThatThrownBy(over::readAllBytes)
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BODY_TOO_LARGE));
        assertThatThrownBy(() -> {
            while (overBySingleBytes.read() >= 0) {
                assertThat(overBySingleBytes.count()).isLessThanOrEqualTo(10);
            }
        }).isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BODY_TOO_LARGE));
    }

    @Test
    void drainOfALimitedStreamPastItsMaximumSaysClose() throws IOException {
        assertThat(Bodies.drain(new LimitedInputStream(new ByteArrayInputStream(new byte[20]), 10), 100)).isFalse();
    }
}
