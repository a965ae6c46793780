package io.portico.http1;

import io.portico.http.HttpFields;

/**
 * What the Transfer-Encoding fields of a message list, over every such field in order.
 *
 * @param count       non-empty list elements (transfer codings, with any parameters)
 * @param chunked     elements that are exactly {@code chunked}, case-insensitive
 * @param chunkedLast whether the final coding is {@code chunked}
 */
record TransferCodings(int count, int chunked, boolean chunkedLast) {
    private static final String CHUNKED = "chunked";

    static TransferCodings of(HttpFields fields) {
        int count = 0;
        int chunked = 0;
        boolean last = false;
        for (int f = 0; f < fields.size(); f++) {
            if (!fields.name(f).equalsIgnoreCase("Transfer-Encoding")) {
                continue;
            }
            String v = fields.value(f);
            int n = v.length();
            int i = 0;
            while (i <= n) {
                int start = TokenLists.skipWhitespace(v, i);
                int comma = v.indexOf(',', start);
                int stop = comma < 0 ? n : comma;
                int end = TokenLists.trimEnd(v, start, stop);
                if (end > start) {
                    count++;
                    last = end - start == CHUNKED.length() && v.regionMatches(true, start, CHUNKED, 0, CHUNKED.length());
                    if (last) {
                        chunked++;
                    }
                }
                i = stop + 1;
            }
        }
        return new TransferCodings(count, chunked, last);
    }
}
