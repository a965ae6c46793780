package io.portico.modules.compress;

import io.portico.http.HttpFields;
import io.portico.module.CallbackPoint;
import io.portico.module.Counter;
import io.portico.module.ModuleContext;
import io.portico.module.ModuleSettings;
import io.portico.module.PorticoModule;
import io.portico.module.Request;
import io.portico.module.Response;
import io.portico.module.Verdict;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/**
 * {@code compress}: gzips responses on their way to the client, streaming, at HandleReadResponse.
 *
 * <p>A response is compressed when the request's Accept-Encoding accepts gzip (q above 0), it is a
 * 200 to a method other than HEAD, it has no Content-Encoding and no
 * {@code Cache-Control: no-transform}, its media type is in {@code types}, and its length is
 * unknown or at least {@code min_length}. Its body then streams through gzip (the server sends it
 * chunked), with {@code Content-Encoding: gzip}, without Content-Length and Accept-Ranges, and a
 * strong ETag made weak. {@code Vary: Accept-Encoding} is added to every response that could
 * have been compressed, so caches keep the two forms apart.
 *
 * <table>
 * <caption>Keys of {@code [modules.compress]}</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code types}</td><td>text/html, text/plain, text/css, text/javascript, text/xml,
 *     application/javascript, application/json, application/xml, application/wasm, image/svg+xml</td>
 *     <td>media types to compress</td></tr>
 * <tr><td>{@code min_length}</td><td>{@code 1024}</td><td>bytes; a smaller Content-Length is sent as it is</td></tr>
 * <tr><td>{@code level}</td><td>{@code 6}</td><td>gzip level, 1 (fastest) to 9 (smallest)</td></tr>
 * </table>
 *
 * <pre>{@code
 * [modules.compress]
 * types = ["text/html", "application/json"]
 * min_length = "2KiB"
 * level = 5
 * }</pre>
 *
 * <p>Metric: {@code portico_compress_gzipped_total}.
 */
public final class CompressModule implements PorticoModule {
    static final List<String> DEFAULT_TYPES = List.of("text/html", "text/plain", "text/css", "text/javascript",
            "text/xml", "application/javascript", "application/json", "application/xml", "application/wasm",
            "image/svg+xml");
    private static final int BUFFER_BYTES = 8192;

    @Override
    public String name() {
        return "compress";
    }

    @Override
    public void init(ModuleContext context) {
        ModuleSettings s = context.settings();
        s.rejectUnknownKeys(Set.of("types", "min_length", "level"));
        Set<String> types = new HashSet<>();
        for (String t : s.stringList("types", DEFAULT_TYPES)) {
            String type = t.strip().toLowerCase(Locale.ROOT);
            if (type.indexOf('/') <= 0 || type.indexOf(';') >= 0) {
                s.error("types", "\"" + t + "\" is not a media type like \"text/html\"");
            }
            types.add(type);
        }
        GzipPolicy policy = new GzipPolicy(Set.copyOf(types), s.size("min_length", 1024));
        int level = (int) s.integer("level", 6, 1, 9);
        Counter gzipped = context.metrics().counter("portico_compress_gzipped_total", "Responses gzipped by compress");
        context.register(CallbackPoint.HANDLE_READ_RESPONSE, (Request request, Response response) -> {
            if (!policy.compressible(request.method(), response.head())) {
                return Verdict.CONTINUE;
            }
            HttpFields fields = response.head().fields();
            GzipPolicy.vary(fields);
            if (GzipPolicy.acceptsGzip(request.head().fields())) {
                GzipPolicy.markGzipped(fields);
                response.transformBody(out -> gzip(out, level));
                gzipped.increment();
            }
            return Verdict.CONTINUE;
        });
    }

    /** A gzip stream at {@code level} that flushes what it has compressed whenever it is flushed. */
    static OutputStream gzip(OutputStream out, int level) {
        try {
            return new GZIPOutputStream(out, BUFFER_BYTES, true) {
                {
                    def.setLevel(level);
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
