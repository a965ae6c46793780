package io.portico.proxyprotocol;

import io.portico.io.ByteReader;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * Reads the PROXY protocol header (HAProxy's spec, v1 text and v2 binary) that an L4 balancer
 * puts before the client's first byte. Bounded: a v1 line is at most 107 bytes, a v2 header at
 * most {@link #MAX_V2_BYTES}; anything else is {@link Invalid}. The caller bounds the time.
 * Stateless; blocks on the connection's thread.
 */
public final class ProxyProtocol {
    /** The spec's longest v1 line, CRLF included. */
    static final int MAX_V1_BYTES = 107;
    /** Addresses plus TLVs a balancer adds (AWS, GCP and HAProxy stay far below). */
    static final int MAX_V2_BYTES = 16 + 2048;
    private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    private ProxyProtocol() {
    }

    /** A header that is missing, malformed or over its bound: the connection is closed. */
    public static final class Invalid extends IOException {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message, null);
        }
    }

    /**
     * Reads one header.
     *
     * @throws Invalid      for anything but a well-formed v1 or v2 header
     * @throws EOFException when the stream ends first
     */
    public static ProxyHeader read(ByteReader in) throws IOException {
        int first = in.peek();
        if (first < 0) {
            throw new EOFException("the connection closed before its PROXY header");
        }
        if (first == 'P') {
            return v1(in);
        }
        if (first == 0x0D) {
            return v2(in);
        }
        throw new Invalid("no PROXY protocol header");
    }

    private static ProxyHeader v1(ByteReader in) throws IOException {
        byte[] line = new byte[MAX_V1_BYTES];
        int n = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the connection closed inside its PROXY header");
            }
            if (n == line.length) {
                throw new Invalid("PROXY v1 line over " + MAX_V1_BYTES + " bytes");
            }
            line[n++] = (byte) b;
            if (b == '\n') {
                break;
            }
        }
        if (n < 2 || line[n - 2] != '\r') {
            throw new Invalid("PROXY v1 line not ended by CRLF");
        }
        String[] f = new String(line, 0, n - 2, StandardCharsets.US_ASCII).split(" ", -1);
        if (!f[0].equals("PROXY") || f.length < 2) {
            throw new Invalid("not a PROXY v1 line");
        }
        if (f[1].equals("UNKNOWN")) {
            return new ProxyHeader.Local();
        }
        if (f.length != 6 || !(f[1].equals("TCP4") || f[1].equals("TCP6"))) {
            throw new Invalid("malformed PROXY v1 line");
        }
        boolean v6 = f[1].equals("TCP6");
        return new ProxyHeader.Proxied(
                new InetSocketAddress(v1Address(f[2], v6), v1Port(f[4])),
                new InetSocketAddress(v1Address(f[3], v6), v1Port(f[5])));
    }

    /** An address literal of the family named; never a name lookup. */
    private static InetAddress v1Address(String s, boolean v6) throws Invalid {
        Invalid bad = new Invalid("malformed PROXY v1 address \"" + s + "\"");
        if (!v6) {
            String[] parts = s.split("\\.", -1);
            if (parts.length != 4) {
                throw bad;
            }
            byte[] a = new byte[4];
            for (int i = 0; i < 4; i++) {
                a[i] = (byte) octet(parts[i], bad);
            }
            return address(a, bad);
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ':' || c == '.')) {
                throw bad;
            }
        }
        if (s.indexOf(':') < 0) {
            throw bad;
        }
        try {
            return InetAddress.getByName(s); // an IPv6 literal (it holds ':'): parsed, never looked up
        } catch (UnknownHostException e) {
            throw bad;
        }
    }

    private static int octet(String s, Invalid bad) throws Invalid {
        if (s.isEmpty() || s.length() > 3 || s.length() > 1 && s.charAt(0) == '0') {
            throw bad;
        }
        int v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw bad;
            }
            v = v * 10 + (c - '0');
        }
        if (v > 255) {
            throw bad;
        }
        return v;
    }

    private static InetAddress address(byte[] a, Invalid bad) throws Invalid {
        try {
            return InetAddress.getByAddress(a);
        } catch (UnknownHostException e) {
            throw bad;
        }
    }

    private static int v1Port(String s) throws Invalid {
        if (s.isEmpty() || s.length() > 5 || (s.length() > 1 && s.charAt(0) == '0')) {
            throw new Invalid("malformed PROXY v1 port \"" + s + "\"");
        }
        int p = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new Invalid("malformed PROXY v1 port \"" + s + "\"");
            }
            p = p * 10 + (c - '0');
        }
        if (p > 65535) {
            throw new Invalid("malformed PROXY v1 port \"" + s + "\"");
        }
        return p;
    }

    private static ProxyHeader v2(ByteReader in) throws IOException {
        byte[] head = readN(in, 16);
        for (int i = 0; i < V2_SIGNATURE.length; i++) {
            if (head[i] != V2_SIGNATURE[i]) {
                throw new Invalid("no PROXY protocol header");
            }
        }
        int version = (head[12] & 0xF0) >> 4;
        int command = head[12] & 0x0F;
        if (version != 2 || command > 1) {
            throw new Invalid("PROXY v2 with version " + version + " command " + command);
        }
        int family = (head[13] & 0xF0) >> 4;
        int transport = head[13] & 0x0F;
        int length = (head[14] & 0xFF) << 8 | (head[15] & 0xFF);
        if (16 + length > MAX_V2_BYTES) {
            throw new Invalid("PROXY v2 header of " + (16 + length) + " bytes, over " + MAX_V2_BYTES);
        }
        byte[] rest = readN(in, length);
        if (command == 0 || family == 0) {
            return new ProxyHeader.Local(); // LOCAL, or UNSPEC: the connection's own addresses
        }
        if (transport != 1 && transport != 2 || family > 3) {
            throw new Invalid("PROXY v2 family/transport 0x" + Integer.toHexString(head[13] & 0xFF));
        }
        int size = switch (family) {
            case 1 -> 4;
            case 2 -> 16;
            default -> 0; // AF_UNIX: no IP addresses to take
        };
        if (size == 0) {
            if (length < 216) {
                throw new Invalid("PROXY v2 UNIX addresses cut short");
            }
            return new ProxyHeader.Local();
        }
        if (length < 2 * size + 4) {
            throw new Invalid("PROXY v2 addresses cut short");
        }
        byte[] src = java.util.Arrays.copyOfRange(rest, 0, size);
        byte[] dst = java.util.Arrays.copyOfRange(rest, size, 2 * size);
        int srcPort = (rest[2 * size] & 0xFF) << 8 | (rest[2 * size + 1] & 0xFF);
        int dstPort = (rest[2 * size + 2] & 0xFF) << 8 | (rest[2 * size + 3] & 0xFF);
        return new ProxyHeader.Proxied(new InetSocketAddress(InetAddress.getByAddress(src), srcPort),
                new InetSocketAddress(InetAddress.getByAddress(dst), dstPort));
    }

    private static byte[] readN(ByteReader in, int n) throws IOException {
        byte[] out = new byte[n];
        int got = 0;
        while (got < n) {
            int r = in.read(out, got, n - got);
            if (r < 0) {
                throw new EOFException("the connection closed inside its PROXY header");
            }
            got += r;
        }
        return out;
    }
}
