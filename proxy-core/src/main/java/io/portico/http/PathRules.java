package io.portico.http;

/**
 * How the proxy turns a request's path into the one path every rule decides on and the
 * backend receives ({@code [server.paths]}).
 *
 * @param normalize        decode %XX of unreserved characters and remove dot segments (RFC 3986
 *                         §6.2.2.2, §5.2.4); characters a path may not hold raw are percent-encoded
 * @param mergeSlashes     {@code //} becomes {@code /}
 * @param keepEscapedSlash %2F and %5C (and a raw backslash) are forwarded and matched encoded;
 *                         when false they are refused with 400
 */
public record PathRules(boolean normalize, boolean mergeSlashes, boolean keepEscapedSlash) {
    public static final PathRules DEFAULTS = new PathRules(true, true, false);
}
