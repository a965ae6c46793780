package io.portico.modules.staticfiles;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Content types by file extension: a built-in table of common types plus the configured extras. Immutable once built. */
final class MimeTypes {
    private static final String UTF8 = "; charset=utf-8";
    private static final Map<String, String> BUILT_IN = builtIn();

    private final Map<String, String> types;
    private final String fallback;

    /** @param extra extension (lower case, without dot) → type; overrides the built-in table */
    MimeTypes(Map<String, String> extra, String fallback) {
        Map<String, String> t = new HashMap<>(BUILT_IN);
        t.putAll(extra);
        this.types = Map.copyOf(t);
        this.fallback = fallback;
    }

    /** The type for this file name, by the extension after its last dot (any case); the fallback when none is known. */
    String of(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot < 0 || dot == fileName.length() - 1) {
            return fallback;
        }
        String ext = fileName.substring(dot + 1);
        String t = types.get(ext);
        if (t == null) {
            t = types.get(ext.toLowerCase(Locale.ROOT));
        }
        return t == null ? fallback : t;
    }

    private static Map<String, String> builtIn() {
        Map<String, String> m = new HashMap<>();
        // text
        put(m, "text/html" + UTF8, "html", "htm");
        put(m, "text/css" + UTF8, "css");
        put(m, "text/plain" + UTF8, "txt", "text", "log");
        put(m, "text/csv" + UTF8, "csv");
        put(m, "text/markdown" + UTF8, "md", "markdown");
        put(m, "text/xml" + UTF8, "xml");
        put(m, "text/javascript" + UTF8, "js", "mjs");
        put(m, "text/calendar" + UTF8, "ics");
        put(m, "text/vtt" + UTF8, "vtt");
        put(m, "text/yaml" + UTF8, "yaml", "yml");
        // application
        put(m, "application/json", "json", "map");
        put(m, "application/ld+json", "jsonld");
        put(m, "application/manifest+json", "webmanifest");
        put(m, "application/xhtml+xml", "xhtml");
        put(m, "application/atom+xml", "atom");
        put(m, "application/rss+xml", "rss");
        put(m, "application/pdf", "pdf");
        put(m, "application/wasm", "wasm");
        put(m, "application/zip", "zip");
        put(m, "application/gzip", "gz", "tgz");
        put(m, "application/x-tar", "tar");
        put(m, "application/x-bzip2", "bz2");
        put(m, "application/x-xz", "xz");
        put(m, "application/zstd", "zst");
        put(m, "application/x-7z-compressed", "7z");
        put(m, "application/vnd.rar", "rar");
        put(m, "application/java-archive", "jar");
        put(m, "application/msword", "doc");
        put(m, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx");
        put(m, "application/vnd.ms-excel", "xls");
        put(m, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx");
        put(m, "application/vnd.ms-powerpoint", "ppt");
        put(m, "application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx");
        put(m, "application/vnd.oasis.opendocument.text", "odt");
        put(m, "application/rtf", "rtf");
        put(m, "application/epub+zip", "epub");
        put(m, "application/octet-stream", "bin", "exe", "dll", "iso", "dmg");
        put(m, "application/x-sh", "sh");
        put(m, "application/toml", "toml");
        // images
        put(m, "image/png", "png");
        put(m, "image/jpeg", "jpg", "jpeg");
        put(m, "image/gif", "gif");
        put(m, "image/webp", "webp");
        put(m, "image/avif", "avif");
        put(m, "image/svg+xml", "svg", "svgz");
        put(m, "image/x-icon", "ico");
        put(m, "image/bmp", "bmp");
        put(m, "image/tiff", "tif", "tiff");
        put(m, "image/apng", "apng");
        // fonts
        put(m, "font/woff", "woff");
        put(m, "font/woff2", "woff2");
        put(m, "font/ttf", "ttf");
        put(m, "font/otf", "otf");
        put(m, "application/vnd.ms-fontobject", "eot");
        // audio and video
        put(m, "audio/mpeg", "mp3");
        put(m, "audio/ogg", "ogg", "oga", "opus");
        put(m, "audio/wav", "wav");
        put(m, "audio/aac", "aac");
        put(m, "audio/flac", "flac");
        put(m, "audio/mp4", "m4a");
        put(m, "audio/webm", "weba");
        put(m, "video/mp4", "mp4", "m4v");
        put(m, "video/webm", "webm");
        put(m, "video/ogg", "ogv");
        put(m, "video/quicktime", "mov");
        put(m, "video/x-msvideo", "avi");
        put(m, "video/mp2t", "ts");
        put(m, "application/vnd.apple.mpegurl", "m3u8");
        put(m, "application/dash+xml", "mpd");
        return Map.copyOf(m);
    }

    private static void put(Map<String, String> m, String type, String... extensions) {
        for (String e : extensions) {
            m.put(e, type);
        }
    }
}
