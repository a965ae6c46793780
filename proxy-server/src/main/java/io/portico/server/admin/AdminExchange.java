package io.portico.server.admin;

import io.portico.http.HttpFields;
import java.nio.charset.StandardCharsets;

/** One admin request as the endpoints see it, and their answer. */
final class AdminExchange {
    private AdminExchange() {
    }

    record Request(String method, String path, HttpFields fields) {
    }

    /** A complete answer; {@code extra} holds more header fields as name, value pairs. */
    record Response(int status, String type, byte[] body, String... extra) {
        static Response text(int status, String body, String... extra) {
            return new Response(status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8), extra);
        }
    }
}
