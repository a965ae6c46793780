package io.portico.server;

import io.portico.http.HttpFields;
import io.portico.module.CallbackPoint;
import io.portico.module.ModuleContext;
import io.portico.module.PorticoModule;
import io.portico.module.Request;
import io.portico.module.Response;
import io.portico.module.Verdict;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A test module for streamed answers and for the hook on the proxy's own answers. At
 * HandleBeforeLocation: a path ending in {@code /fail} throws, {@code /stream/N} streams N bytes with a known length, {@code /chunked/N}
 * without one, {@code /broken} fails after 3 of 10 bytes, {@code /short} writes 5 of 10.
 * At HandleReadResponse, by the path's first segment: {@code /replace} replaces the body,
 * {@code /edit} changes the status and adds a field, {@code /respond} answers 418,
 * {@code /streamed} answers with a streamed body, {@code /throw} throws, {@code /close} closes.
 */
public final class AnswerTestModule implements PorticoModule {
    @Override
    public String name() {
        return "test_answers";
    }

    @Override
    public void init(ModuleContext ctx) {
        ctx.register(CallbackPoint.HANDLE_BEFORE_LOCATION, AnswerTestModule::request);
        ctx.register(CallbackPoint.HANDLE_READ_RESPONSE, AnswerTestModule::response);
    }

    private static Verdict request(Request r) {
        String p = r.path();
        if (p.endsWith("/fail")) {
            throw new IllegalStateException("failing before location");
        }
        if (p.startsWith("/stream/")) {
            int n = Integer.parseInt(p.substring(8));
            return Verdict.stream(200, fields("X-Streamed", "yes"), n, out -> pattern(out, n));
        }
        if (p.startsWith("/chunked/")) {
            int n = Integer.parseInt(p.substring(9));
            return Verdict.stream(200, fields("Content-Length", "999"), -1, out -> pattern(out, n));
        }
        if (p.equals("/broken")) {
            return Verdict.stream(200, null, 10, out -> {
                out.write(new byte[] {'a', 'b', 'c'});
                throw new IOException("disk gone");
            });
        }
        if (p.equals("/short")) {
            return Verdict.stream(200, null, 10, out -> out.write(new byte[5]));
        }
        return Verdict.CONTINUE;
    }

    private static Verdict response(Request r, Response resp) {
        String p = r.path();
        if (p.startsWith("/replace")) {
            resp.replaceBody(("custom " + resp.status() + "\n").getBytes(StandardCharsets.US_ASCII));
        } else if (p.startsWith("/edit")) {
            resp.head(resp.head().withStatus(299, "Edited"));
            resp.head().fields().add("X-Edited", "yes");
        } else if (p.startsWith("/respond")) {
            return Verdict.respond(418, "teapot " + resp.status() + "\n");
        } else if (p.startsWith("/streamed")) {
            byte[] b = ("streamed " + resp.status()).getBytes(StandardCharsets.US_ASCII);
            return Verdict.stream(resp.status(), null, b.length, out -> out.write(b));
        } else if (p.startsWith("/throw")) {
            throw new IllegalStateException("boom on " + resp.status());
        } else if (p.startsWith("/close")) {
            return Verdict.CLOSE;
        }
        return Verdict.CONTINUE;
    }

    private static HttpFields fields(String name, String value) {
        return new HttpFields(2).add(name, value);
    }

    /** Writes n bytes where byte i is {@code 'a' + i % 26}, in blocks, as a file would be copied. */
    static void pattern(OutputStream out, int n) throws IOException {
        byte[] block = new byte[8192 + 26];
        for (int i = 0; i < block.length; i++) {
            block[i] = (byte) ('a' + i % 26);
        }
        for (int done = 0; done < n; ) {
            int len = Math.min(8192, n - done);
            out.write(block, done % 26, len);
            done += len;
        }
    }
}
