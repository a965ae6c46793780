package io.portico.bench;

import java.nio.charset.StandardCharsets;

/** Canned wire bytes the benchmarks share: what a browser, a small API client and a backend send. */
final class Messages {
    /** A typical browser navigation: 12 header fields, about 700 bytes. */
    static final String BROWSER_GET = """
            GET /products/shoes/running?color=blue&size=42&sort=price HTTP/1.1\r
            Host: www.example.com\r
            User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\r
            Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8\r
            Accept-Language: en-US,en;q=0.5\r
            Accept-Encoding: gzip, deflate, br, zstd\r
            Referer: https://www.example.com/products/shoes\r
            Connection: keep-alive\r
            Cookie: session=4f9d2c1ab37e48e2a1c0d5f6e7b8a9c0; theme=dark; consent=yes; ab=variant-b\r
            Upgrade-Insecure-Requests: 1\r
            Sec-Fetch-Dest: document\r
            Sec-Fetch-Mode: navigate\r
            X-Tenant: tenant-7\r
            \r
            """;

    /** The body of {@link #SMALL_POST}: 64 bytes of JSON. */
    static final String POST_BODY = "{\"user\":\"u-1842\",\"items\":[17,23,42],\"coupon\":\"SPRING\",\"qty\":3}\n";

    /** A small API POST: 6 header fields and a 64-byte JSON body. */
    static final String SMALL_POST = """
            POST /api/v1/orders HTTP/1.1\r
            Host: api.example.com\r
            User-Agent: okhttp/4.12.0\r
            Content-Type: application/json\r
            Accept: application/json\r
            Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1LTE4NDIifQ.c2lnbmF0dXJl\r
            Content-Length: %d\r
            \r
            %s""".formatted(POST_BODY.length(), POST_BODY);

    /** A backend's answer head as nginx writes it: 8 header fields (the body is not part of it). */
    static final String RESPONSE_HEAD = """
            HTTP/1.1 200 OK\r
            Server: nginx/1.22.1\r
            Date: Tue, 14 May 2024 10:12:31 GMT\r
            Content-Type: text/html; charset=utf-8\r
            Content-Length: 16384\r
            Last-Modified: Mon, 13 May 2024 08:00:00 GMT\r
            Connection: keep-alive\r
            ETag: "6641c980-4000"\r
            Accept-Ranges: bytes\r
            \r
            """;

    private Messages() {
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
