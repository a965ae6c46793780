package io.portico.http;

import java.nio.charset.StandardCharsets;

/** The protocol versions Portico speaks, with their wire form precomputed. */
public enum HttpVersion {
    HTTP_1_0("HTTP/1.0"),
    HTTP_1_1("HTTP/1.1"),
    HTTP_2("HTTP/2");

    private final String text;
    private final byte[] bytes;

    HttpVersion(String text) {
        this.text = text;
        this.bytes = text.getBytes(StandardCharsets.US_ASCII);
    }

    public String text() {
        return text;
    }

    /** The ASCII bytes of {@link #text()}; callers must not modify the array. */
    public byte[] bytes() {
        return bytes;
    }

    @Override
    public String toString() {
        return text;
    }
}
