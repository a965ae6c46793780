package io.portico.http;

/**
 * A request line and its header fields, protocol-neutral. The target is kept as sent
 * (origin-form {@code /path?query}, absolute-form, authority-form or {@code *}) until the
 * pipeline's entry checks make it the normalised origin-form every rule and the backend see
 * ({@link RequestTargets}); path and query are views of it. The fields are mutable so the pipeline and modules can edit them.
 */
public record RequestHead(String method, String target, HttpVersion version, HttpFields fields) {

    /** The path part of an origin-form target (or of an absolute-form target), without the query. */
    public String path() {
        int start = pathStart(target);
        if (start < 0) {
            return target.equals("*") ? "*" : "/";
        }
        int q = target.indexOf('?', start);
        return q < 0 ? target.substring(start) : target.substring(start, q);
    }

    /** The raw query after {@code ?}, or the empty string. */
    public String query() {
        int q = target.indexOf('?');
        return q < 0 ? "" : target.substring(q + 1);
    }

    /** The path and query as sent upstream in origin-form ({@code *} stays {@code *}). */
    public String originForm() {
        if (target.equals("*")) {
            return target;
        }
        int start = pathStart(target);
        if (start < 0) {
            int q = target.indexOf('?');
            return q < 0 ? "/" : "/" + target.substring(q);
        }
        return start == 0 ? target : target.substring(start);
    }

    public RequestHead withTarget(String newTarget) {
        return new RequestHead(method, newTarget, version, fields);
    }

    public RequestHead withMethod(String newMethod) {
        return new RequestHead(newMethod, target, version, fields);
    }

    public RequestHead withVersion(HttpVersion newVersion) {
        return new RequestHead(method, target, newVersion, fields);
    }

    /** Index where the path starts in the target, or -1 when the target carries no path. */
    private static int pathStart(String t) {
        if (t.startsWith("/")) {
            return 0;
        }
        int scheme = t.indexOf("://");
        if (scheme < 0) {
            return -1;
        }
        int slash = t.indexOf('/', scheme + 3);
        return slash;
    }
}
