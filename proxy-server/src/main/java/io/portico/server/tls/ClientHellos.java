package io.portico.server.tls;

import io.portico.io.ByteReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads the SNI name of a TLS ClientHello still in a connection's buffer, without consuming it.
 * JSSE restores a resumed session (a TLS 1.2 ticket or a TLS 1.3 PSK) before it reads the SNI
 * extension, and asks the key manager for the certificate then: without the name read ahead here,
 * a session of any certificate but the default one could never resume. Stateless.
 */
public final class ClientHellos {
    private static final int RECORD_HEADER = 5;

    private ClientHellos() {
    }

    /**
     * The host name the ClientHello at the head of {@code in} asks for, lower case; null when there
     * is none, or the hello is not one record that fits the buffer (the handshake then goes on
     * without it). Blocks (under the reader's deadline) until the record is buffered.
     */
    public static String serverName(ByteReader in, int bufferSize) throws IOException {
        if (!in.fillTo(RECORD_HEADER) || in.peekAt(0) != 22) {
            return null;
        }
        int length = in.peekAt(3) << 8 | in.peekAt(4);
        if (RECORD_HEADER + length > bufferSize || !in.fillTo(RECORD_HEADER + length)) {
            return null;
        }
        try {
            return parse(in, RECORD_HEADER, RECORD_HEADER + length);
        } catch (IndexOutOfBoundsException malformed) {
            return null; // the engine will say what is wrong with it
        }
    }

    private static String parse(ByteReader in, int at, int end) {
        if (in.peekAt(at) != 1) {
            return null; // not a ClientHello
        }
        int p = at + 4 + 2 + 32;            // handshake header, client_version, random
        p += 1 + in.peekAt(p);              // session id
        p += 2 + u16(in, p);                // cipher suites
        p += 1 + in.peekAt(p);              // compression methods
        if (p + 2 > end) {
            return null;
        }
        int extEnd = p + 2 + u16(in, p);
        p += 2;
        while (p + 4 <= Math.min(extEnd, end)) {
            int type = u16(in, p);
            int len = u16(in, p + 2);
            p += 4;
            if (type == 0) {                // server_name: a list of (type, length, name)
                int q = p + 2;
                while (q + 3 <= p + len) {
                    int nameLen = u16(in, q + 1);
                    if (in.peekAt(q) == 0) {
                        byte[] name = new byte[nameLen];
                        for (int i = 0; i < nameLen; i++) {
                            name[i] = (byte) in.peekAt(q + 3 + i);
                        }
                        return new String(name, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
                    }
                    q += 3 + nameLen;
                }
                return null;
            }
            p += len;
        }
        return null;
    }

    private static int u16(ByteReader in, int i) {
        return in.peekAt(i) << 8 | in.peekAt(i + 1);
    }
}
