package io.portico.http2.hpack;

/**
 * The 61 entries of the HPACK static table (RFC 7541 Appendix A) and a name lookup built once
 * at class init. The lookup is ASCII case-insensitive, so an encoder can look up an HTTP/1.1
 * spelling such as {@code Content-Type} without making a lower-case copy; it also knows a few
 * names outside the table whose values are unique per message, so that the encoder need not
 * index them (see {@link #policy}). Immutable; shared by all threads.
 */
final class StaticTable {
    /** Number of entries; dynamic table indexes start after it. */
    static final int LENGTH = 61;

    /** Index the field as usual. */
    static final int INDEX = 0;
    /** Values are (almost) unique per message: send them without indexing. */
    static final int NO_INDEX = 1;
    /** Credentials: always never-indexed. */
    static final int NEVER_INDEX = 2;
    /** {@code cookie}: never-indexed when the value is short enough to guess (RFC 7541 §7.1.3). */
    static final int COOKIE = 3;

    private static final String[] NAMES = new String[LENGTH + 1];
    private static final String[] VALUES = new String[LENGTH + 1];

    /** Open-addressing lookup: slot → known name (lower case), its first static index (0 if none), its policy. */
    private static final int MASK = 255;
    private static final String[] SLOT_NAME = new String[MASK + 1];
    private static final int[] SLOT_INFO = new int[MASK + 1];

    static {
        String[] table = {
            ":authority", "",
            ":method", "GET",
            ":method", "POST",
            ":path", "/",
            ":path", "/index.html",
            ":scheme", "http",
            ":scheme", "https",
            ":status", "200",
            ":status", "204",
            ":status", "206",
            ":status", "304",
            ":status", "400",
            ":status", "404",
            ":status", "500",
            "accept-charset", "",
            "accept-encoding", "gzip, deflate",
            "accept-language", "",
            "accept-ranges", "",
            "accept", "",
            "access-control-allow-origin", "",
            "age", "",
            "allow", "",
            "authorization", "",
            "cache-control", "",
            "content-disposition", "",
            "content-encoding", "",
            "content-language", "",
            "content-length", "",
            "content-location", "",
            "content-range", "",
            "content-type", "",
            "cookie", "",
            "date", "",
            "etag", "",
            "expect", "",
            "expires", "",
            "from", "",
            "host", "",
            "if-match", "",
            "if-modified-since", "",
            "if-none-match", "",
            "if-range", "",
            "if-unmodified-since", "",
            "last-modified", "",
            "link", "",
            "location", "",
            "max-forwards", "",
            "proxy-authenticate", "",
            "proxy-authorization", "",
            "range", "",
            "referer", "",
            "refresh", "",
            "retry-after", "",
            "server", "",
            "set-cookie", "",
            "strict-transport-security", "",
            "transfer-encoding", "",
            "user-agent", "",
            "vary", "",
            "via", "",
            "www-authenticate", "",
        };
        for (int i = 1; i <= LENGTH; i++) {
            // Entries of one name share its String, so a decoded name is the same instance whichever index named it.
            String name = table[2 * i - 2];
            NAMES[i] = i > 1 && name.equals(NAMES[i - 1]) ? NAMES[i - 1] : name;
            VALUES[i] = table[2 * i - 1];
        }
        for (int i = 1; i <= LENGTH; i++) {
            if (NAMES[i] != NAMES[i - 1]) {
                put(NAMES[i], i, INDEX);
            }
        }
        assignPolicy(":path", NO_INDEX);
        assignPolicy("age", NO_INDEX);
        assignPolicy("content-length", NO_INDEX);
        assignPolicy("content-range", NO_INDEX);
        assignPolicy("etag", NO_INDEX);
        assignPolicy("if-modified-since", NO_INDEX);
        assignPolicy("if-none-match", NO_INDEX);
        assignPolicy("if-unmodified-since", NO_INDEX);
        assignPolicy("last-modified", NO_INDEX);
        assignPolicy("authorization", NEVER_INDEX);
        assignPolicy("proxy-authorization", NEVER_INDEX);
        assignPolicy("set-cookie", NEVER_INDEX);
        assignPolicy("cookie", COOKIE);
        put("x-request-id", 0, NO_INDEX);
        put("traceparent", 0, NO_INDEX);
    }

    private StaticTable() {
    }

    /** The name of entry {@code index}, 1 to {@link #LENGTH}; one String instance per distinct name. */
    static String name(int index) {
        return NAMES[index];
    }

    static String value(int index) {
        return VALUES[index];
    }

    /**
     * The first static index whose name is {@code name} (compared ASCII case-insensitively), or 0.
     * {@code hash} is {@link #hash(String)} of the name.
     */
    static int nameIndex(String name, int hash) {
        int info = info(name, hash);
        return info < 0 ? 0 : info >>> 8;
    }

    /** The static index for exactly this name (case-insensitive) and value (exact), or 0. */
    static int fieldIndex(int nameIndex, String value) {
        if (nameIndex == 0) {
            return 0;
        }
        String name = NAMES[nameIndex];
        for (int i = nameIndex; i <= LENGTH && NAMES[i] == name; i++) {
            if (VALUES[i].equals(value)) {
                return i;
            }
        }
        return 0;
    }

    /**
     * The first static index of the name and the encoder's policy for it ({@link #INDEX}, {@link
     * #NO_INDEX}, {@link #NEVER_INDEX} or {@link #COOKIE}) as {@code (nameIndex << 8) | policy},
     * or -1 for a name not known here.
     */
    static int info(String name, int hash) {
        int i = spread(hash);
        while (true) {
            String k = SLOT_NAME[i];
            if (k == null) {
                return -1;
            }
            if (Ascii.equalsLowerCase(k, name)) {
                return SLOT_INFO[i];
            }
            i = (i + 1) & MASK;
        }
    }

    /** The hash this table and the encoder's dynamic table use: of the name's lower-case ASCII spelling. */
    static int hash(String name) {
        int h = 0;
        for (int i = 0, n = name.length(); i < n; i++) {
            h = 31 * h + Ascii.lower(name.charAt(i));
        }
        return h;
    }

    private static void assignPolicy(String name, int policy) {
        int i = spread(hash(name));
        while (!SLOT_NAME[i].equals(name)) {
            i = (i + 1) & MASK;
        }
        SLOT_INFO[i] = (SLOT_INFO[i] & ~0xFF) | policy;
    }

    private static void put(String name, int index, int policy) {
        int i = spread(hash(name));
        while (SLOT_NAME[i] != null) {
            i = (i + 1) & MASK;
        }
        SLOT_NAME[i] = name;
        SLOT_INFO[i] = (index << 8) | policy;
    }

    private static int spread(int h) {
        return (h ^ (h >>> 16) ^ (h >>> 7)) & MASK;
    }
}
