package io.portico.http1;

import io.portico.http.HttpFields;
import io.portico.http.ProtocolException;
import io.portico.http.RequestHead;
import io.portico.http.ResponseHead;
import io.portico.io.ByteReader;
import io.portico.io.OneByteInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Test input helpers: readers over ISO-8859-1 text, fed whole or one byte per read. */
final class Wire {
    private Wire() {
    }

    interface Parse<T> {
        T parse(ByteReader in) throws IOException;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    static ByteReader whole(String s) {
        return new ByteReader(new ByteArrayInputStream(bytes(s)), new byte[8192]);
    }

    /** One byte per read of the stream, through a buffer smaller than most lines. */
    static ByteReader oneByteAtATime(String s) {
        return new ByteReader(new OneByteInputStream(bytes(s)), new byte[5]);
    }

    static RequestHead request(String s) throws IOException {
        return Http1Parser.parseRequest(whole(s), Http1Limits.DEFAULTS);
    }

    static ResponseHead response(String s) throws IOException {
        return Http1Parser.parseResponse(whole(s), Http1Limits.DEFAULTS);
    }

    /** What parsing produced, as comparable text: the head, or the error kind, EOF or null. */
    static <T> String outcome(ByteReader in, Parse<T> parse) {
        try {
            T head = parse.parse(in);
            return head == null ? "null" : describe(head) + " @" + in.consumed();
        } catch (ProtocolException e) {
            return "error " + e.kind();
        } catch (EOFException e) {
            return "eof";
        } catch (IOException e) {
            return "io " + e;
        }
    }

    static String describe(Object head) {
        return switch (head) {
            case RequestHead r -> r.method() + " " + r.target() + " " + r.version() + "\n" + fields(r.fields());
            case ResponseHead r -> r.version() + " " + r.status() + " [" + r.reason() + "]\n" + fields(r.fields());
            default -> String.valueOf(head);
        };
    }

    /** Fields with their boundaries visible, so "a: b" and "a: b " would differ. */
    static String fields(HttpFields f) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < f.size(); i++) {
            sb.append('<').append(f.name(i)).append("><").append(f.value(i)).append(">\n");
        }
        return sb.toString();
    }
}
