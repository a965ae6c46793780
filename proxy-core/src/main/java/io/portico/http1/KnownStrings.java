package io.portico.http1;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Shared String constants for well-known methods and header names, found by their bytes, so
 * that the parser does not allocate a String for "GET" or "Content-Length" on every request.
 * A name is shared only when its bytes match exactly (names keep the case they arrived with);
 * the canonical and the lower-case spelling of each header name are both known. Immutable
 * after class init; shared by all threads.
 */
final class KnownStrings {
    private static final String[] METHODS = {
        "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH",
    };

    private static final String[] HEADER_NAMES = {
        "Host", "Connection", "Content-Length", "Content-Type", "Transfer-Encoding", "TE", "Trailer",
        "Accept", "Accept-Encoding", "Accept-Language", "Accept-Charset", "Accept-Ranges",
        "User-Agent", "Cookie", "Set-Cookie", "Authorization", "Cache-Control", "Pragma",
        "Referer", "Origin", "Upgrade", "Via", "Forwarded", "X-Forwarded-For", "X-Forwarded-Proto",
        "X-Forwarded-Host", "X-Forwarded-Port", "X-Real-IP", "X-Request-ID", "Expect",
        "If-Modified-Since", "If-None-Match", "If-Match", "If-Unmodified-Since", "If-Range", "Range",
        "Content-Encoding", "Content-Range", "Content-Language", "Content-Location",
        "Content-Disposition", "Date", "Server", "ETag", "Last-Modified", "Location", "Vary", "Age",
        "Expires", "Keep-Alive", "Proxy-Connection", "Proxy-Authorization", "Proxy-Authenticate",
        "WWW-Authenticate", "Strict-Transport-Security", "Access-Control-Allow-Origin",
        "Sec-WebSocket-Key", "Sec-WebSocket-Version", "Sec-WebSocket-Accept",
        "Sec-WebSocket-Protocol", "Sec-WebSocket-Extensions", "Upgrade-Insecure-Requests", "DNT",
        "Sec-Fetch-Site", "Sec-Fetch-Mode", "Sec-Fetch-Dest", "Sec-Fetch-User", "Sec-CH-UA",
        "Sec-CH-UA-Mobile", "Sec-CH-UA-Platform", "X-Requested-With", "Priority", "Alt-Svc",
    };

    private static final int MASK = 511;
    private static final String[] TABLE = new String[MASK + 1];
    private static final byte[][] TABLE_BYTES = new byte[MASK + 1][];

    static {
        for (String m : METHODS) {
            put(m);
        }
        for (String h : HEADER_NAMES) {
            put(h);
            put(h.toLowerCase(Locale.ROOT).intern());
        }
    }

    private KnownStrings() {
    }

    /** The hash the parser accumulates while it scans a token: {@code h = 31 * h + byte}. */
    static int step(int hash, byte b) {
        return 31 * hash + b;
    }

    /** The shared constant for these bytes, or a new String when they are not well known. */
    static String of(byte[] a, int off, int len, int hash) {
        int i = spread(hash);
        while (true) {
            byte[] k = TABLE_BYTES[i];
            if (k == null) {
                return new String(a, off, len, StandardCharsets.ISO_8859_1);
            }
            if (k.length == len && Arrays.equals(k, 0, len, a, off, off + len)) {
                return TABLE[i];
            }
            i = (i + 1) & MASK;
        }
    }

    private static void put(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        int h = 0;
        for (byte x : b) {
            h = step(h, x);
        }
        int i = spread(h);
        while (TABLE_BYTES[i] != null) {
            if (Arrays.equals(TABLE_BYTES[i], b)) {
                return;
            }
            i = (i + 1) & MASK;
        }
        TABLE_BYTES[i] = b;
        TABLE[i] = s;
    }

    private static int spread(int h) {
        return (h ^ (h >>> 9) ^ (h >>> 18)) & MASK;
    }
}
