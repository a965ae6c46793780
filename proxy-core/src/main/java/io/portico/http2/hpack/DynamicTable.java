package io.portico.http2.hpack;

/**
 * The decoder's dynamic table (RFC 7541 §2.3.2, §4): a ring of entries, newest first, each
 * counted as name + value + 32 octets, the oldest evicted when an insertion or a smaller
 * capacity needs room. Each entry keeps the {@link FieldCheck} result of its name and value,
 * checked once when it was inserted, so an indexed reference costs no check. Names and values
 * are ISO-8859-1 Strings, so a String's length is its length in octets. Owned by its decoder.
 */
final class DynamicTable {
    /** Per-entry overhead counted by RFC 7541 §4.1. */
    static final int ENTRY_OVERHEAD = 32;

    private String[] names = new String[8];
    private String[] values = new String[8];
    private byte[] problems = new byte[8];
    /** Slot of the newest entry. */
    private int head = -1;
    private int length;
    private long size;
    private int capacity;

    DynamicTable(int capacity) {
        this.capacity = capacity;
    }

    /** Number of entries. */
    int length() {
        return length;
    }

    /** Sum of the entry sizes, in octets. */
    long size() {
        return size;
    }

    /** The maximum size the peer's encoder last set (or the initial one). */
    int capacity() {
        return capacity;
    }

    /** Name of entry {@code i}, 1 being the newest; {@code i} must be 1 to {@link #length()}. */
    String name(int i) {
        return names[slot(i)];
    }

    String value(int i) {
        return values[slot(i)];
    }

    /** The {@link FieldCheck} problem of entry {@code i}'s name, or 0. */
    int nameProblem(int i) {
        return problems[slot(i)] & 0xF;
    }

    /** The {@link FieldCheck} problem of entry {@code i}'s name, else of its value, or 0. */
    int problem(int i) {
        int p = problems[slot(i)];
        return (p & 0xF) != 0 ? p & 0xF : p >>> 4;
    }

    /**
     * Inserts a field as the newest entry, evicting from the oldest end to make room; an entry
     * larger than the capacity empties the table and is not inserted (§4.4).
     */
    void add(String name, String value, int nameProblem, int valueProblem) {
        long entrySize = (long) name.length() + value.length() + ENTRY_OVERHEAD;
        if (entrySize > capacity) {
            clear();
            return;
        }
        evictTo(capacity - entrySize);
        if (length == names.length) {
            grow();
        }
        head = (head + 1) & (names.length - 1);
        names[head] = name;
        values[head] = value;
        problems[head] = (byte) (nameProblem | valueProblem << 4);
        length++;
        size += entrySize;
    }

    /** Sets a new maximum size, evicting the oldest entries until the table fits it (§4.3). */
    void capacity(int newCapacity) {
        capacity = newCapacity;
        evictTo(newCapacity);
    }

    /** Empties the table, keeping the capacity. */
    void clear() {
        evictTo(0);
    }

    private void evictTo(long target) {
        int mask = names.length - 1;
        while (size > target) {
            int oldest = (head - length + 1) & mask;
            size -= (long) names[oldest].length() + values[oldest].length() + ENTRY_OVERHEAD;
            names[oldest] = null;
            values[oldest] = null;
            length--;
        }
    }

    private int slot(int i) {
        return (head - i + 1) & (names.length - 1);
    }

    /** Doubles the ring, copying the entries so that the oldest is at slot 0. */
    private void grow() {
        int n = names.length;
        String[] newNames = new String[n * 2];
        String[] newValues = new String[n * 2];
        byte[] newProblems = new byte[n * 2];
        for (int i = length; i >= 1; i--) {
            int to = length - i;
            int from = slot(i);
            newNames[to] = names[from];
            newValues[to] = values[from];
            newProblems[to] = problems[from];
        }
        names = newNames;
        values = newValues;
        problems = newProblems;
        head = length - 1;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("DynamicTable[size=").append(size).append(", capacity=").append(capacity);
        for (int i = 1; i <= length; i++) {
            sb.append(", ").append(i).append(' ').append(name(i)).append(": ").append(value(i));
        }
        return sb.append(']').toString();
    }
}
