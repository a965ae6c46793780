package io.portico.http;

/**
 * A request's method, scheme, authority, target and header fields, protocol-neutral: HTTP/1.1
 * and HTTP/2 build the same head. The target is kept as sent (origin-form {@code /path?query},
 * absolute-form, authority-form or {@code *}) until the pipeline's entry checks make it the
 * normalised origin-form every rule and the backend see ({@link RequestTargets}); path and query
 * are views of it. The fields are mutable so the pipeline and modules can edit them.
 *
 * @param scheme    {@code http} or {@code https}: HTTP/2's {@code :scheme}; for HTTP/1.1, whose
 *                  request line carries none, "" until {@link RequestEntry#admit} sets the
 *                  connection's
 * @param authority HTTP/2's {@code :authority} ("" when the client sent none); for HTTP/1.1 ""
 *                  until {@link RequestEntry#admit} sets what the request names (an absolute-form
 *                  target's authority, else Host). After admission it is the Host the backend gets.
 */
public record RequestHead(String method, String scheme, String authority, String target, HttpVersion version,
                          HttpFields fields) {

    /** A head as HTTP/1.1's request line gives it: no scheme and no authority yet. */
    public RequestHead(String method, String target, HttpVersion version, HttpFields fields) {
        this(method, "", "", target, version, fields);
    }

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
        return new RequestHead(method, scheme, authority, newTarget, version, fields);
    }

    public RequestHead withMethod(String newMethod) {
        return new RequestHead(newMethod, scheme, authority, target, version, fields);
    }

    public RequestHead withVersion(HttpVersion newVersion) {
        return new RequestHead(method, scheme, authority, target, newVersion, fields);
    }

    /** This head with the scheme and authority it was admitted with. */
    public RequestHead withOrigin(String newScheme, String newAuthority) {
        return new RequestHead(method, newScheme, newAuthority, target, version, fields);
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
