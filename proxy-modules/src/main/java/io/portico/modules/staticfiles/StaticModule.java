package io.portico.modules.staticfiles;

import io.portico.module.CallbackPoint;
import io.portico.module.ModuleContext;
import io.portico.module.ModuleSettings;
import io.portico.module.PorticoModule;
import io.portico.route.Condition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code static}: serves files from a directory for the requests that match a condition.
 *
 * <p>Runs at HandleFoundProduct (the host table chose a product, no route rule was needed), so a
 * product can serve files under a path and forward everything else; a request the module does
 * not take goes on unchanged. Only GET and HEAD are served (anything else: 405 with
 * {@code Allow: GET, HEAD}). Answers carry a strong {@code ETag} (modification time and size),
 * {@code Last-Modified}, {@code Accept-Ranges: bytes} and a {@code Content-Type} by extension;
 * {@code If-None-Match} / {@code If-Modified-Since} give 304, {@code If-Match} /
 * {@code If-Unmodified-Since} 412; one byte range gives 206 with {@code Content-Range} (several
 * ranges: the whole file, 200; none satisfiable: 416; {@code If-Range} honoured). Bodies are
 * streamed from disk in 64 KiB blocks. A directory path without its final slash is redirected
 * (301) to it; with one, the first {@code index} file found is served (there are no listings).
 *
 * <p>No path leaves the root: the path is percent-decoded (UTF-8) and refused with 400 when it
 * has a {@code ..} segment, an encoded {@code /} or {@code \} ({@code %2f}, {@code %5c}), any
 * backslash, NUL or another control character, or a malformed escape; the file found is then
 * checked by its real path (symlinks followed) and is 404 unless it lies below the root's real
 * path. Hidden names (a segment starting with {@code .}, in the request or the real path below
 * the root) are 404 unless {@code allow_hidden}.
 *
 * <p>Keys of {@code [modules.static]}:
 * <ul>
 * <li>{@code root} (string, required): the directory to serve; must exist when the configuration
 *     loads. A relative path is resolved against the directory of the configuration file.</li>
 * <li>{@code condition} (condition expression, default {@code "default_t()"}): which requests
 *     are served from files.</li>
 * <li>{@code product} (string, default every product): only requests of this product are served.</li>
 * <li>{@code prefix} (string, default none): a path prefix stripped before the path is looked
 *     up, e.g. {@code "/static"} maps {@code /static/a.css} to {@code ROOT/a.css}. A request whose
 *     path is not under the prefix is left alone.</li>
 * <li>{@code index} (array of file names, default {@code ["index.html"]}): tried in order for a
 *     directory; {@code []} serves no directory.</li>
 * <li>{@code allow_hidden} (boolean, default false): serve names starting with a dot.</li>
 * <li>{@code mime_types} (table of extension to type, default {@code {}}): extra or
 *     overriding content types by extension (without the dot, compared without case), e.g.
 *     {@code { wasm = "application/wasm", log = "text/plain; charset=utf-8" }}. About sixty
 *     common types are built in.</li>
 * <li>{@code default_type} (string, default {@code "application/octet-stream"}): for unknown extensions.</li>
 * <li>{@code cache_control} (string, default none): a {@code Cache-Control} value for every file answer.</li>
 * </ul>
 *
 * <pre>
 * [modules]
 * enabled = ["static"]
 *
 * [modules.static]
 * root = "assets"                    # next to this config file; or absolute, e.g. "/srv/www/assets"
 * condition = 'req_host_in("www.example.com")'
 * prefix = "/assets"
 * cache_control = "public, max-age=3600"
 * mime_types = { webmanifest = "application/manifest+json" }
 * </pre>
 */
public final class StaticModule implements PorticoModule {
    private static final Set<String> KEYS = Set.of("root", "condition", "product", "prefix", "index", "allow_hidden",
            "mime_types", "default_type", "cache_control");

    @Override
    public String name() {
        return "static";
    }

    @Override
    public void init(ModuleContext context) {
        ModuleSettings s = context.settings();
        s.rejectUnknownKeys(KEYS);
        Path root = root(s);
        Condition condition = s.condition("condition", "default_t()");
        String product = s.string("product", null);
        String prefix = prefix(s);
        List<String> index = s.stringList("index", List.of("index.html"));
        for (String name : index) {
            if (name.isEmpty() || name.equals(".") || name.equals("..") || !plain(name) || name.indexOf('/') >= 0) {
                s.error("index", "\"" + name + "\" is not a plain file name");
            }
        }
        boolean allowHidden = s.bool("allow_hidden", false);
        Map<String, String> extra = mimeTypes(s);
        String defaultType = s.string("default_type", "application/octet-stream");
        if (defaultType.indexOf('/') <= 0 || !plain(defaultType)) {
            s.error("default_type", "expected a media type like \"application/octet-stream\", got \"" + defaultType + "\"");
        }
        String cacheControl = s.string("cache_control", null);
        if (cacheControl != null && (cacheControl.isBlank() || !plain(cacheControl))) {
            s.error("cache_control", "expected a Cache-Control value on one line");
        }
        if (root == null || !s.errors().isEmpty()) {
            return;
        }
        FileAnswers answers = new FileAnswers(new MimeTypes(extra, defaultType), cacheControl);
        context.register(CallbackPoint.HANDLE_FOUND_PRODUCT,
                new FileServer(root, product, condition, prefix, index, allowHidden, answers));
    }

    private static Path root(ModuleSettings s) {
        if (!s.has("root")) {
            s.error("root", "required: the directory to serve");
            return null;
        }
        Path path = s.path("root").orElse(null);
        if (path == null) {
            return null;
        }
        try {
            Path real = path.toRealPath();
            if (!Files.isDirectory(real)) {
                s.error("root", "\"" + path + "\" is not a directory");
                return null;
            }
            return real;
        } catch (IOException e) {
            s.error("root", "\"" + path + "\" cannot be served: " + e.getClass().getSimpleName() + " " + e.getMessage());
            return null;
        }
    }

    private static String prefix(ModuleSettings s) {
        String prefix = s.string("prefix", "");
        if (prefix.isEmpty()) {
            return "";
        }
        if (prefix.charAt(0) != '/' || prefix.indexOf('%') >= 0 || prefix.indexOf('\\') >= 0 || !plain(prefix)
                || prefix.contains("/../") || prefix.endsWith("/..")) {
            s.error("prefix", "expected a decoded path starting with /, got \"" + prefix + "\"");
            return "";
        }
        String p = prefix;
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    private static Map<String, String> mimeTypes(ModuleSettings s) {
        Map<String, String> out = new HashMap<>();
        Map<String, String> given = s.stringMap("mime_types");
        ModuleSettings table = given.isEmpty() ? s : s.table("mime_types").orElse(s);
        for (Map.Entry<String, String> e : given.entrySet()) {
            String ext = e.getKey();
            String type = e.getValue().strip();
            if (ext.isEmpty() || ext.indexOf('.') >= 0 || ext.indexOf('/') >= 0 || !plain(ext)) {
                table.error(ext, "expected a file extension without the dot, like wasm");
            } else if (type.indexOf('/') <= 0 || !plain(type)) {
                table.error(ext, "expected a media type like \"application/wasm\", got \"" + type + "\"");
            } else {
                out.put(ext.toLowerCase(Locale.ROOT), type);
            }
        }
        return out;
    }

    /** No control characters (so no CR, LF or NUL). */
    private static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return false;
            }
        }
        return true;
    }
}
