package io.portico.http2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.io.ByteReader;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class Http2PrefaceTest {
    private static final String PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

    private static ByteReader reader(String s) {
        return Wire.whole(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void thePrefaceIsTheTwentyFourOctetsOfRfc9113() {
        assertThat(new String(Preface.bytes(), StandardCharsets.US_ASCII)).isEqualTo(PREFACE);
        assertThat(Preface.LENGTH).isEqualTo(24);
    }

    @Test
    void readingThePrefaceLeavesTheSettingsFrameAfterItForTheFrameReader() throws IOException {
        ByteReader in = Wire.whole(concat(Preface.bytes(), Wire.hex("000000 04 00 00000000")));

        Preface.read(in);

        assertThat(new FrameReader(in).next()).isEqualTo(new SettingsFrame(false, List.of()));
    }

    @Test
    void readingThePrefaceOneByteAtATimeWorksToo() throws IOException {
        ByteReader in = Wire.oneByteAtATime(Preface.bytes());

        Preface.read(in);

        assertThat(in.consumed()).isEqualTo(24);
    }

    @Test
    void anHttp1RequestInsteadOfThePrefaceIsAConnectionProtocolError() {
        Wire.assertConnectionError(() -> Preface.read(reader("GET / HTTP/1.1\r\nHost: a\r\n\r\n")), ErrorCode.PROTOCOL_ERROR, 0);
        Wire.assertConnectionError(() -> Preface.read(reader("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\r")), ErrorCode.PROTOCOL_ERROR, 0);
    }

    @Test
    void aStreamEndingInsideThePrefaceIsAnEof() {
        assertThatThrownBy(() -> Preface.read(reader("PRI * HTTP/2.0\r\n"))).isInstanceOf(EOFException.class);
    }

    @Test
    void theCheapCheckTellsThePrefaceFromHttp1OnWhatIsBuffered() throws IOException {
        assertThat(match(PREFACE + "\0\0\0\4")).isEqualTo(Preface.Match.PREFACE);
        assertThat(match("PRI * HTTP/2")).isEqualTo(Preface.Match.PARTIAL);
        assertThat(match("P")).isEqualTo(Preface.Match.PARTIAL);
        assertThat(match("PUT / HTTP/1.1\r\n\r\n")).isEqualTo(Preface.Match.NOT_PREFACE);
        assertThat(match("PROPFIND / HTTP/1.1\r\n\r\n")).isEqualTo(Preface.Match.NOT_PREFACE);
        assertThat(match("GET / HTTP/1.1\r\n\r\n")).isEqualTo(Preface.Match.NOT_PREFACE);
        assertThat(match("\u0016\u0003\u0001")).as("a TLS ClientHello").isEqualTo(Preface.Match.NOT_PREFACE);
    }

    @Test
    void theCheapCheckConsumesNothingAndNeverReads() throws IOException {
        ByteReader in = reader(PREFACE);
        assertThat(Preface.match(in)).as("nothing buffered yet").isEqualTo(Preface.Match.PARTIAL);
        in.fill();

        assertThat(Preface.match(in)).isEqualTo(Preface.Match.PREFACE);
        assertThat(in.consumed()).isZero();
        Preface.read(in);
    }

    @Test
    void theCheapCheckWorksOnAnArrayToo() {
        byte[] b = ("xx" + PREFACE).getBytes(StandardCharsets.US_ASCII);

        assertThat(Preface.match(b, 2, b.length - 2)).isEqualTo(Preface.Match.PREFACE);
        assertThat(Preface.match(b, 2, 3)).isEqualTo(Preface.Match.PARTIAL);
        assertThat(Preface.match(b, 0, 3)).isEqualTo(Preface.Match.NOT_PREFACE);
    }

    private static Preface.Match match(String s) throws IOException {
        ByteReader in = new ByteReader(new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1)), new byte[64]);
        in.fill();
        return Preface.match(in);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
