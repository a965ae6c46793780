package io.portico.modules.staticfiles;

import io.portico.http.HttpFields;
import io.portico.module.Request;
import io.portico.module.RequestHandler;
import io.portico.module.Verdict;
import io.portico.route.Condition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * The {@code static} module's handler: maps a request to a file below the root and answers with
 * it (or 304, 206, 404, 405, 412, 416). Shared by every request thread; immutable.
 */
final class FileServer implements RequestHandler {
    private static final Verdict NOT_FOUND = Verdict.respond(404, "404 Not Found\n");

    /** A file or directory below the root, by its real path. */
    private record Found(Path real, BasicFileAttributes attributes) {
    }

    private final Path root;
    private final String product;
    private final Condition condition;
    private final String prefix;
    private final List<String> index;
    private final boolean allowHidden;
    private final FileAnswers answers;

    /**
     * @param root   the root directory's real path
     * @param product the product whose requests are served; null for every product
     * @param prefix the decoded path prefix to strip, without a trailing slash; empty for none
     */
    FileServer(Path root, String product, Condition condition, String prefix, List<String> index, boolean allowHidden,
               FileAnswers answers) {
        this.root = root;
        this.product = product;
        this.condition = condition;
        this.prefix = prefix;
        this.index = List.copyOf(index);
        this.allowHidden = allowHidden;
        this.answers = answers;
    }

    @Override
    public Verdict handle(Request request) {
        if (!request.inProduct(product) || !request.matches(condition)) {
            return Verdict.CONTINUE;
        }
        SafePath.Outcome mapped = SafePath.of(request.path(), prefix, allowHidden);
        if (mapped instanceof SafePath.Elsewhere) {
            return Verdict.CONTINUE;
        }
        String method = request.method();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return new Verdict.Respond(405, new HttpFields(4).add("Allow", "GET, HEAD")
                    .add("Content-Type", "text/plain; charset=utf-8"), "405 Method Not Allowed\n".getBytes());
        }
        return switch (mapped) {
            case SafePath.Segments s -> serve(request, s);
            case SafePath.Refused r -> Verdict.respond(400, "400 Bad Request\n");
            case SafePath.Hidden h -> NOT_FOUND;
            case SafePath.Elsewhere e -> Verdict.CONTINUE;
        };
    }

    private Verdict serve(Request request, SafePath.Segments segments) {
        Path path = root;
        try {
            for (String name : segments.names()) {
                path = path.resolve(name);
            }
        } catch (InvalidPathException e) {
            return Verdict.respond(400, "400 Bad Request\n");
        }
        Found found = find(path);
        if (found == null) {
            return NOT_FOUND;
        }
        if (found.attributes().isDirectory()) {
            if (!segments.directory()) {
                String q = request.query();
                return Verdict.redirect(301, request.path() + "/" + (q.isEmpty() ? "" : "?" + q));
            }
            for (String name : index) {
                Found file = find(found.real().resolve(name));
                if (file != null && file.attributes().isRegularFile()) {
                    return answer(request, file);
                }
            }
            return NOT_FOUND;
        }
        if (!found.attributes().isRegularFile() || segments.directory()) {
            return NOT_FOUND;
        }
        return answer(request, found);
    }

    private Verdict answer(Request request, Found file) {
        if (!Files.isReadable(file.real())) {
            return Verdict.respond(403, "403 Forbidden\n");
        }
        return answers.answer(request, file.real(), file.attributes());
    }

    /** The real path below the root (symlinks followed), or null: missing, unreadable, outside the root, or hidden. */
    private Found find(Path path) {
        try {
            Path real = path.toRealPath();
            if (!real.startsWith(root) || (!allowHidden && hiddenBelowRoot(real))) {
                return null;
            }
            return new Found(real, Files.readAttributes(real, BasicFileAttributes.class));
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    private boolean hiddenBelowRoot(Path real) {
        for (int i = root.getNameCount(); i < real.getNameCount(); i++) {
            if (real.getName(i).toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
