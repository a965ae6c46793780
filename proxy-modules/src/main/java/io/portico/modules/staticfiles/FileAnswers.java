package io.portico.modules.staticfiles;

import io.portico.http.HttpFields;
import io.portico.module.Request;
import io.portico.module.Verdict;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The answer for one regular file: validators ({@code ETag}, {@code Last-Modified}),
 * preconditions (RFC 9110 13.2.2: If-Match, If-Unmodified-Since, If-None-Match,
 * If-Modified-Since, If-Range), one byte range, and the body streamed from disk in blocks so
 * memory stays constant whatever the size. Shared; immutable.
 */
final class FileAnswers {
    private static final int BLOCK = 64 * 1024;

    private final MimeTypes types;
    private final String cacheControl;

    /** @param cacheControl the Cache-Control value to send, or null for none */
    FileAnswers(MimeTypes types, String cacheControl) {
        this.types = types;
        this.cacheControl = cacheControl;
    }

    Verdict answer(Request request, Path file, BasicFileAttributes attributes) {
        long size = attributes.size();
        long modifiedMillis = attributes.lastModifiedTime().toMillis();
        long modified = attributes.lastModifiedTime().to(TimeUnit.SECONDS);
        // Strong: a file whose size and modification time are unchanged is taken to be unchanged.
        String etag = "\"" + Long.toHexString(modifiedMillis) + "-" + Long.toHexString(size) + "\"";
        HttpFields in = request.head().fields();
        HttpFields out = new HttpFields(8);
        out.add("ETag", etag).add("Last-Modified", HttpDates.format(modified));
        if (cacheControl != null) {
            out.add("Cache-Control", cacheControl);
        }
        String ifMatch = joined(in, "If-Match");
        if (ifMatch != null ? !EntityTags.listed(ifMatch, etag, false) : modifiedSince(in, modified)) {
            return Verdict.respond(412, "412 Precondition Failed\n");
        }
        String ifNoneMatch = joined(in, "If-None-Match");
        if (ifNoneMatch != null ? EntityTags.listed(ifNoneMatch, etag, true) : notModifiedSince(in, modified)) {
            return new Verdict.Respond(304, out, null);
        }
        out.add("Content-Type", types.of(file.getFileName().toString())).add("Accept-Ranges", "bytes");
        ByteRange range = request.method().equals("GET") && rangeApplies(in, etag, modified)
                ? ByteRange.of(in.firstOrNull("Range"), size) : ByteRange.WHOLE;
        return switch (range) {
            case ByteRange.Whole w -> Verdict.stream(200, out, size, copy(file, 0, size));
            case ByteRange.Part p -> {
                out.add("Content-Range", "bytes " + p.first() + "-" + p.last() + "/" + size);
                yield Verdict.stream(206, out, p.length(), copy(file, p.first(), p.length()));
            }
            case ByteRange.Unsatisfiable u -> new Verdict.Respond(416, new HttpFields(4)
                    .add("Content-Range", "bytes */" + size).add("Content-Type", "text/plain; charset=utf-8"),
                    "416 Range Not Satisfiable\n".getBytes(StandardCharsets.US_ASCII));
        };
    }

    private static boolean modifiedSince(HttpFields in, long modified) {
        long since = HttpDates.parse(in.firstOrNull("If-Unmodified-Since"));
        return since != Long.MIN_VALUE && modified > since;
    }

    private static boolean notModifiedSince(HttpFields in, long modified) {
        long since = HttpDates.parse(in.firstOrNull("If-Modified-Since"));
        return since != Long.MIN_VALUE && modified <= since;
    }

    /** A Range applies when there is exactly one and no If-Range, or an If-Range that still holds (strong match). */
    private static boolean rangeApplies(HttpFields in, String etag, long modified) {
        if (in.count("Range") != 1) {
            return false;
        }
        String ifRange = in.firstOrNull("If-Range");
        if (ifRange == null) {
            return true;
        }
        String v = ifRange.strip();
        if (v.startsWith("\"") || v.startsWith("W/")) {
            return v.equals(etag);
        }
        return HttpDates.parse(v) == modified;
    }

    /** Every field of this name as one comma-separated list, or null when there is none. */
    private static String joined(HttpFields in, String name) {
        int n = in.count(name);
        if (n == 0) {
            return null;
        }
        if (n == 1) {
            return in.firstOrNull(name);
        }
        List<String> all = in.all(name);
        return String.join(",", all);
    }

    /** Writes {@code length} bytes of {@code file} from {@code offset}, one block at a time. */
    private static Verdict.BodyWriter copy(Path file, long offset, long length) {
        return out -> {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                write(channel, offset, length, out);
            }
        };
    }

    static void write(FileChannel channel, long offset, long length, OutputStream out) throws IOException {
        byte[] block = new byte[(int) Math.min(BLOCK, Math.max(length, 1))];
        ByteBuffer buffer = ByteBuffer.wrap(block);
        long position = offset;
        long left = length;
        while (left > 0) {
            buffer.clear().limit((int) Math.min(block.length, left));
            int n = channel.read(buffer, position);
            if (n < 0) {
                throw new IOException("the file shrank while it was sent");
            }
            out.write(block, 0, n);
            position += n;
            left -= n;
        }
    }
}
