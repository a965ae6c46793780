package io.portico.modules.rewrite;

import io.portico.route.Condition;

/**
 * One compiled rewrite rule: its product (null: any), its condition and its actions, applied in the order of the fields.
 * A null or empty action is absent. Query keys to match ({@code queryDelete}, {@code queryRenameFrom},
 * {@code queryAddKeys}) are decoded; the pairs written ({@code queryAdd}, {@code queryAppend}) are raw.
 * Shared, immutable.
 */
record RewriteRule(String product, Condition condition, String hostSet, String pathSet, String pathPrefixTrim, String pathPrefixAdd,
                   String[] queryDelete, String[] queryRenameFrom, String[] queryRenameTo, String[] queryAdd,
                   String[] queryAddKeys, String[] queryAppend, boolean last) {

    /** The new path for {@code path}. */
    String path(String path) {
        String p = pathSet != null ? pathSet : path;
        if (pathPrefixTrim != null && p.startsWith(pathPrefixTrim)) {
            p = p.substring(pathPrefixTrim.length());
            if (!p.startsWith("/")) {
                p = "/" + p;
            }
        }
        if (pathPrefixAdd != null) {
            p = pathPrefixAdd.endsWith("/") ? pathPrefixAdd + p.substring(1) : pathPrefixAdd + p;
        }
        return p;
    }

    /** The new raw query for {@code query}. */
    String query(String query) {
        String q = query;
        if (queryDelete.length > 0) {
            q = QueryEdits.delete(q, queryDelete);
        }
        if (queryRenameFrom.length > 0) {
            q = QueryEdits.rename(q, queryRenameFrom, queryRenameTo);
        }
        if (queryAdd.length > 0) {
            q = QueryEdits.add(QueryEdits.delete(q, queryAddKeys), queryAdd);
        }
        if (queryAppend.length > 0) {
            q = QueryEdits.add(q, queryAppend);
        }
        return q;
    }
}
