package io.portico.proxyprotocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.io.ByteReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ProxyProtocolTest {
    private static final String SIG = "0d0a0d0a000d0a515549540a";

    /** A reader over {@code bytes}, one byte per read when {@code trickle}. */
    private static ByteReader reader(byte[] bytes, boolean trickle) {
        InputStream in = new ByteArrayInputStream(bytes);
        if (trickle) {
            InputStream whole = in;
            in = new InputStream() {
                @Override
                public int read() throws IOException {
                    return whole.read();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return whole.read(b, off, Math.min(1, len));
                }
            };
        }
        return new ByteReader(in, new byte[trickle ? 5 : 4096]);
    }

    private static ProxyHeader both(byte[] bytes) throws IOException {
        ProxyHeader whole = ProxyProtocol.read(reader(bytes, false));
        assertThat(ProxyProtocol.read(reader(bytes, true))).isEqualTo(whole);
        return whole;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    @Test
    void v1CarriesTheClientAndTheAddressItConnectedTo() throws IOException {
        assertThat(both(ascii("PROXY TCP4 192.0.2.7 198.51.100.1 56324 443\r\nGET / HTTP/1.1\r\n"))).isEqualTo(
                new ProxyHeader.Proxied(new InetSocketAddress("192.0.2.7", 56324), new InetSocketAddress("198.51.100.1", 443)));
        assertThat(both(ascii("PROXY TCP6 2001:db8::7 2001:db8::1 1 65535\r\n"))).isEqualTo(
                new ProxyHeader.Proxied(new InetSocketAddress("2001:db8::7", 1), new InetSocketAddress("2001:db8::1", 65535)));
        assertThat(both(ascii("PROXY UNKNOWN\r\n"))).isEqualTo(new ProxyHeader.Local());
        assertThat(both(ascii("PROXY UNKNOWN ffff::1 ffff::2 1 2\r\n"))).isEqualTo(new ProxyHeader.Local());
    }

    @Test
    void theRequestAfterTheHeaderIsLeftToBeRead() throws IOException {
        ByteReader in = reader(ascii("PROXY TCP4 192.0.2.7 198.51.100.1 1 2\r\nGET"), false);
        ProxyProtocol.read(in);
        assertThat(new String(in.asInputStream().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("GET");
    }

    @Test
    void malformedV1IsRefused() {
        for (String bad : new String[] {
            "PROXY TCP4 192.0.2.7 198.51.100.1 1 2\n", "PROXY TCP4 1.2.3 1.2.3.4 1 2\r\n", "PROXY TCP4 01.2.3.4 1.2.3.4 1 2\r\n",
            "PROXY TCP4 256.2.3.4 1.2.3.4 1 2\r\n", "PROXY TCP4 1.2.3.4 1.2.3.4 1 65536\r\n", "PROXY TCP4 1.2.3.4 1.2.3.4 01 2\r\n",
            "PROXY TCP4 ::1 ::1 1 2\r\n", "PROXY TCP6 1.2.3.4 1.2.3.4 1 2\r\n", "PROXY TCP6 example.com ::1 1 2\r\n",
            "PROXY TCP4  1.2.3.4 1.2.3.4 1 2\r\n", "PROXY UDP4 1.2.3.4 1.2.3.4 1 2\r\n", "PROXY TCP4 1.2.3.4 1.2.3.4 1\r\n",
            "PROXY\r\n", "PROXZ TCP4\r\n", "GET / HTTP/1.1\r\n", "PROXY TCP6 " + "f".repeat(120) + "\r\n"}) {
            assertThatThrownBy(() -> ProxyProtocol.read(reader(ascii(bad), false))).as(bad)
                    .isInstanceOf(ProxyProtocol.Invalid.class);
        }
        assertThatThrownBy(() -> ProxyProtocol.read(reader(ascii("PROXY TCP4 1.2"), false))).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> ProxyProtocol.read(reader(new byte[0], false))).isInstanceOf(EOFException.class);
    }

    @Test
    void v2CarriesAddressesAndSkipsItsTlvs() throws IOException {
        // PROXY, TCP over IPv4, 12 address bytes + a 7-byte TLV (PP2_TYPE_AUTHORITY "a.b")
        byte[] v4 = hex(SIG + "21 11 0013 c0000207 c6336401 dc04 01bb 02 0003 612e62");
        assertThat(both(concat(v4, ascii("GET")))).isEqualTo(
                new ProxyHeader.Proxied(new InetSocketAddress("192.0.2.7", 56324), new InetSocketAddress("198.51.100.1", 443)));
        byte[] v6 = hex(SIG + "21 21 0024 20010db8000000000000000000000007 20010db8000000000000000000000001 0001 ffff");
        assertThat(both(v6)).isEqualTo(
                new ProxyHeader.Proxied(new InetSocketAddress("2001:db8::7", 1), new InetSocketAddress("2001:db8::1", 65535)));
    }

    @Test
    void v2LocalAndUnspecifiedKeepTheConnectionsOwnAddresses() throws IOException {
        assertThat(both(hex(SIG + "20 00 0000"))).isEqualTo(new ProxyHeader.Local());
        assertThat(both(hex(SIG + "20 11 000c c0000207 c6336401 dc04 01bb"))).as("LOCAL with addresses")
                .isEqualTo(new ProxyHeader.Local());
        assertThat(both(hex(SIG + "21 00 0000"))).isEqualTo(new ProxyHeader.Local());
    }

    @Test
    void malformedOrOversizedV2IsRefused() {
        for (String bad : new String[] {
            SIG.replace("51", "52") + "21 11 000c c0000207 c6336401 dc04 01bb",
            SIG + "11 11 000c c0000207 c6336401 dc04 01bb", SIG + "22 11 000c c0000207 c6336401 dc04 01bb",
            SIG + "21 11 0008 c0000207 c6336401", SIG + "21 21 000c c0000207 c6336401 dc04 01bb",
            SIG + "21 41 000c c0000207 c6336401 dc04 01bb", SIG + "21 13 000c c0000207 c6336401 dc04 01bb",
            SIG + "21 11 0fff"}) {
            assertThatThrownBy(() -> ProxyProtocol.read(reader(concat(hex(bad), new byte[4096]), false))).as(bad)
                    .isInstanceOf(ProxyProtocol.Invalid.class);
        }
        assertThatThrownBy(() -> ProxyProtocol.read(reader(hex(SIG + "21 11 000c c000"), false))).isInstanceOf(EOFException.class);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
