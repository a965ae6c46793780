package io.portico.modules.staticfiles;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a request path into file-name segments below the root, or says why it will not. Works
 * on the raw path: percent-decodes it (UTF-8), refuses what could name something outside the
 * root or confuse a file system ({@code ..}, encoded {@code /} or {@code \}, any backslash, NUL
 * and other control characters, malformed escapes), and drops empty and {@code .} segments.
 * The caller still checks the real path: a symlink may point anywhere. Stateless.
 */
final class SafePath {

    /** What a request path maps to. */
    sealed interface Outcome {
    }

    /** Below the root: the segments to resolve one by one; {@code directory} when the path ended in {@code /}. */
    record Segments(List<String> names, boolean directory) implements Outcome {
    }

    /** The path is not under the module's prefix: not this module's request. */
    record Elsewhere() implements Outcome {
    }

    /** A path no file may have (400). */
    record Refused(String why) implements Outcome {
    }

    /** A hidden file or directory while they are not served (404). */
    record Hidden() implements Outcome {
    }

    private SafePath() {
    }

    /**
     * @param raw         the request path as sent, without the query
     * @param prefix      the decoded prefix to strip, without a trailing slash; empty for none
     * @param allowHidden whether segments starting with {@code .} are served
     */
    static Outcome of(String raw, String prefix, boolean allowHidden) {
        if (raw.isEmpty() || raw.charAt(0) != '/') {
            return new Refused("not an absolute path");
        }
        String path;
        try {
            path = decode(raw);
        } catch (IllegalArgumentException e) {
            return new Refused(e.getMessage());
        }
        if (!prefix.isEmpty()) {
            if (!path.startsWith(prefix) || (path.length() > prefix.length() && path.charAt(prefix.length()) != '/')) {
                return new Elsewhere();
            }
            path = path.substring(prefix.length());
        }
        List<String> names = new ArrayList<>();
        int start = 0;
        while (start <= path.length()) {
            int slash = path.indexOf('/', start);
            int end = slash < 0 ? path.length() : slash;
            String name = path.substring(start, end);
            if (name.equals("..")) {
                return new Refused("a .. segment");
            }
            if (!name.isEmpty() && !name.equals(".")) {
                if (name.charAt(0) == '.' && !allowHidden) {
                    return new Hidden();
                }
                names.add(name);
            }
            start = end + 1;
        }
        boolean directory = path.isEmpty() || path.endsWith("/");
        return new Segments(List.copyOf(names), directory);
    }

    /** Percent-decodes as UTF-8; refuses encoded slashes and backslashes, any backslash or control character. */
    static String decode(String raw) {
        byte[] bytes = new byte[raw.length() * 3];
        int n = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            int b;
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new IllegalArgumentException("a truncated %-escape");
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("a malformed %-escape");
                }
                b = hi << 4 | lo;
                i += 2;
                if (b == '/' || b == '\\') {
                    throw new IllegalArgumentException("an encoded slash or backslash");
                }
            } else if (c >= 0x80) {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                System.arraycopy(utf8, 0, bytes, n, utf8.length);
                n += utf8.length;
                continue;
            } else {
                b = c;
            }
            if (b < 0x20 || b == 0x7f || b == '\\') {
                throw new IllegalArgumentException("a control character or backslash");
            }
            bytes[n++] = (byte) b;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, n)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("not UTF-8 after %-decoding");
        }
    }
}
