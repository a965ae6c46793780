package io.portico.modules.authjwt;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Converts ECDSA signatures between JOSE's fixed-width {@code R || S} (RFC 7518 §3.4) and the DER
 * {@code SEQUENCE { INTEGER r, INTEGER s }} that the JDK's {@code SHA256withECDSA} reads and writes.
 * Stateless.
 */
final class EcdsaSignatures {
    private EcdsaSignatures() {
    }

    /** DER of a JOSE signature of {@code 2 * width} bytes; null when the length is wrong. */
    static byte[] joseToDer(byte[] jose, int width) {
        if (jose.length != 2 * width) {
            return null;
        }
        byte[] r = derInteger(Arrays.copyOfRange(jose, 0, width));
        byte[] s = derInteger(Arrays.copyOfRange(jose, width, 2 * width));
        int body = r.length + s.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream(body + 3);
        out.write(0x30);
        if (body >= 128) {
            out.write(0x81);
        }
        out.write(body);
        out.writeBytes(r);
        out.writeBytes(s);
        return out.toByteArray();
    }

    /** The JOSE form, {@code 2 * width} bytes, of a DER signature; throws IllegalArgumentException if malformed. */
    static byte[] derToJose(byte[] der, int width) {
        int i = 0;
        if (der.length < 8 || der[i++] != 0x30) {
            throw new IllegalArgumentException("not a DER sequence");
        }
        int length = der[i++] & 0xff;
        if (length == 0x81) {
            length = der[i++] & 0xff;
        }
        if (length != der.length - i) {
            throw new IllegalArgumentException("bad DER length");
        }
        byte[] out = new byte[2 * width];
        for (int part = 0; part < 2; part++) {
            if (der[i++] != 0x02) {
                throw new IllegalArgumentException("not a DER integer");
            }
            int n = der[i++] & 0xff;
            int start = i;
            int end = i + n;
            while (start < end - 1 && der[start] == 0) {
                start++;
            }
            if (end - start > width) {
                throw new IllegalArgumentException("integer wider than " + width + " bytes");
            }
            System.arraycopy(der, start, out, part * width + width - (end - start), end - start);
            i = end;
        }
        return out;
    }

    /** A TLV-encoded DER INTEGER of an unsigned big-endian magnitude. */
    private static byte[] derInteger(byte[] magnitude) {
        int start = 0;
        while (start < magnitude.length - 1 && magnitude[start] == 0) {
            start++;
        }
        boolean pad = (magnitude[start] & 0x80) != 0;
        int n = magnitude.length - start + (pad ? 1 : 0);
        byte[] out = new byte[n + 2];
        out[0] = 0x02;
        out[1] = (byte) n;
        System.arraycopy(magnitude, start, out, pad ? 3 : 2, magnitude.length - start);
        return out;
    }
}
