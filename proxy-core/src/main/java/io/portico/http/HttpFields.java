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
    /** Field i's name at 2i, its value at 2i+1: one array per field list, not two. */
    private String[] slots;
    /**
     * Bit i: field i came from {@link #addParsed} (see there). Only the first 64 fields carry
     * the mark; those after them are checked again when written, which is correct, only slower.
     */
    private long parsed;
    private int size;

    public HttpFields() {
        this(16);
    }

    public HttpFields(int capacity) {
        slots = new String[2 * Math.max(capacity, 4)];
    }

    /** A copy of {@code from} with room for its fields and {@code extra} more: for lists built to an exact size. */
    public static HttpFields copyOf(HttpFields from, int extra) {
        HttpFields c = new HttpFields(from.size + extra);
        System.arraycopy(from.slots, 0, c.slots, 0, 2 * from.size);
        c.parsed = from.parsed;
        c.size = from.size;
        return c;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public String name(int i) {
        checkIndex(i);
        return slots[2 * i];
    }

    public String value(int i) {
        checkIndex(i);
        return slots[2 * i + 1];
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
        return add(from.slots[2 * i], from.slots[2 * i + 1], from.parsed(i));
    }

    /** True when field {@code i} came from {@link #addParsed} (or a copy of such a field) and was not replaced since. */
    public boolean parsed(int i) {
        checkIndex(i);
        return i < Long.SIZE && (parsed >>> i & 1) != 0;
    }

    private HttpFields add(String name, String value, boolean fromParser) {
        if (2 * size == slots.length) {
            slots = Arrays.copyOf(slots, slots.length * 2);
        }
        slots[2 * size] = name;
        slots[2 * size + 1] = value;
        if (fromParser && size < Long.SIZE) {
            parsed |= 1L << size;
        }
        size++;
        return this;
    }

    /** Replaces every field of this name with one field, in the place of the first one (or at the end). */
    public HttpFields set(String name, String value) {
        int first = indexOf(name);
        if (first < 0) {
            return add(name, value);
        }
        slots[2 * first + 1] = value;
        if (first < Long.SIZE) {
            parsed &= ~(1L << first);
        }
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
        return i < 0 ? Optional.empty() : Optional.of(slots[2 * i + 1]);
    }

    /** The value of the first field of this name, or null: for hot paths that cannot afford an Optional. */
    public String firstOrNull(String name) {
        int i = indexOf(name);
        return i < 0 ? null : slots[2 * i + 1];
    }

    /** Every value of this name, in order. */
    public List<String> all(String name) {
        List<String> out = new ArrayList<>(2);
        for (int i = 0; i < size; i++) {
            if (slots[2 * i].equalsIgnoreCase(name)) {
                out.add(slots[2 * i + 1]);
            }
        }
        return out;
    }

    /** How many fields carry this name. */
    public int count(String name) {
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (slots[2 * i].equalsIgnoreCase(name)) {
                n++;
            }
        }
        return n;
    }

    public int indexOf(String name) {
        for (int i = 0; i < size; i++) {
            if (slots[2 * i].equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < size; i++) {
            action.accept(slots[2 * i], slots[2 * i + 1]);
        }
    }

    public void clear() {
        Arrays.fill(slots, 0, 2 * size, null);
        parsed = 0;
        size = 0;
    }

    public HttpFields copy() {
        return copyOf(this, 0);
    }

    private void removeFrom(String name, int from) {
        int w = from;
        long kept = from >= Long.SIZE ? parsed : parsed & ((1L << from) - 1);
        for (int r = from; r < size; r++) {
            if (!slots[2 * r].equalsIgnoreCase(name)) {
                slots[2 * w] = slots[2 * r];
                slots[2 * w + 1] = slots[2 * r + 1];
                if (w < Long.SIZE && r < Long.SIZE && (parsed >>> r & 1) != 0) {
                    kept |= 1L << w;
                }
                w++;
            }
        }
        Arrays.fill(slots, 2 * w, 2 * size, null);
        parsed = kept;
        size = w;
    }

    /** Puts field {@code from} at {@code to} (not after it), with its parsed mark: for filters that compact in place. */
    void move(int from, int to) {
        if (from == to) {
            return;
        }
        boolean mark = parsed(from);
        slots[2 * to] = slots[2 * from];
        slots[2 * to + 1] = slots[2 * from + 1];
        if (to < Long.SIZE) {
            parsed = mark ? parsed | 1L << to : parsed & ~(1L << to);
        }
    }

    /** Drops every field from {@code size} on: the end of an in-place filter. */
    void truncate(int newSize) {
        Arrays.fill(slots, 2 * newSize, 2 * size, null);
        if (newSize < Long.SIZE) {
            parsed &= (1L << newSize) - 1;
        }
        size = newSize;
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
            sb.append(slots[2 * i]).append(": ").append(slots[2 * i + 1]).append("\r\n");
        }
        return sb.toString();
    }
}
