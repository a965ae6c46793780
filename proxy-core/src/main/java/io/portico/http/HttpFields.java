package io.portico.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * An ordered list of header (or trailer) fields. Names keep the case they arrived with and
 * compare case-insensitively; repeated names are kept as separate entries, in order.
 * Not thread-safe: a field list belongs to one request or response on one thread.
 */
public final class HttpFields {
    private String[] names;
    private String[] values;
    /** Fields whose name and value a parser checked and made from ISO-8859-1 bytes (see {@link #addParsed}). */
    private boolean[] parsed;
    private int size;

    public HttpFields() {
        this(16);
    }

    public HttpFields(int capacity) {
        names = new String[Math.max(capacity, 4)];
        values = new String[names.length];
        parsed = new boolean[names.length];
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public String name(int i) {
        checkIndex(i);
        return names[i];
    }

    public String value(int i) {
        checkIndex(i);
        return values[i];
    }

    public HttpFields add(String name, String value) {
        return add(name, value, false);
    }

    /**
     * Adds a field a parser read off the wire: its name a token, its value free of CR, LF and
     * NUL, both Strings made from ISO-8859-1 bytes. A head writer copies such a field as it is,
     * without checking it again; {@link #add} and {@link #set} make fields it checks. Only for
     * parsers that enforce those rules.
     */
    public HttpFields addParsed(String name, String value) {
        return add(name, value, true);
    }

    /** Copies field {@code i} of {@code from}, with its parsed mark. */
    public HttpFields add(HttpFields from, int i) {
        from.checkIndex(i);
        return add(from.names[i], from.values[i], from.parsed[i]);
    }

    /** True when field {@code i} came from {@link #addParsed} (or a copy of such a field) and was not replaced since. */
    public boolean parsed(int i) {
        checkIndex(i);
        return parsed[i];
    }

    private HttpFields add(String name, String value, boolean fromParser) {
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
            values = Arrays.copyOf(values, size * 2);
            parsed = Arrays.copyOf(parsed, size * 2);
        }
        names[size] = name;
        values[size] = value;
        parsed[size] = fromParser;
        size++;
        return this;
    }

    /** Replaces every field of this name with one field, in the place of the first one (or at the end). */
    public HttpFields set(String name, String value) {
        int first = indexOf(name);
        if (first < 0) {
            return add(name, value);
        }
        values[first] = value;
        parsed[first] = false;
        removeFrom(name, first + 1);
        return this;
    }

    /** Removes every field of this name; returns whether any was there. */
    public boolean remove(String name) {
        int before = size;
        removeFrom(name, 0);
        return size != before;
    }

    public boolean contains(String name) {
        return indexOf(name) >= 0;
    }

    /** The value of the first field of this name. */
    public Optional<String> first(String name) {
        int i = indexOf(name);
        return i < 0 ? Optional.empty() : Optional.of(values[i]);
    }

    /** The value of the first field of this name, or null: for hot paths that cannot afford an Optional. */
    public String firstOrNull(String name) {
        int i = indexOf(name);
        return i < 0 ? null : values[i];
    }

    /** Every value of this name, in order. */
    public List<String> all(String name) {
        List<String> out = new ArrayList<>(2);
        for (int i = 0; i < size; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                out.add(values[i]);
            }
        }
        return out;
    }

    /** How many fields carry this name. */
    public int count(String name) {
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                n++;
            }
        }
        return n;
    }

    public int indexOf(String name) {
        for (int i = 0; i < size; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < size; i++) {
            action.accept(names[i], values[i]);
        }
    }

    public void clear() {
        Arrays.fill(names, 0, size, null);
        Arrays.fill(values, 0, size, null);
        Arrays.fill(parsed, 0, size, false);
        size = 0;
    }

    public HttpFields copy() {
        HttpFields c = new HttpFields(Math.max(size, 4));
        System.arraycopy(names, 0, c.names, 0, size);
        System.arraycopy(values, 0, c.values, 0, size);
        System.arraycopy(parsed, 0, c.parsed, 0, size);
        c.size = size;
        return c;
    }

    private void removeFrom(String name, int from) {
        int w = from;
        for (int r = from; r < size; r++) {
            if (!names[r].equalsIgnoreCase(name)) {
                names[w] = names[r];
                values[w] = values[r];
                parsed[w] = parsed[r];
                w++;
            }
        }
        Arrays.fill(names, w, size, null);
        Arrays.fill(values, w, size, null);
        Arrays.fill(parsed, w, size, false);
        size = w;
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < size; i++) {
            sb.append(names[i]).append(": ").append(values[i]).append("\r\n");
        }
        return sb.toString();
    }
}
