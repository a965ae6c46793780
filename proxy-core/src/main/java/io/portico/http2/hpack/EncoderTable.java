package io.portico.http2.hpack;

/**
 * The encoder's copy of the peer decoder's dynamic table, with a hash index so that finding a
 * field or a name costs a bucket walk, not a scan. Entries are numbered by insertion; the newest
 * has HPACK index 62, and an entry's index is 62 plus the number of entries inserted after it.
 * Each bucket chains the entries of one name hash, newest first, so the first match is the one
 * with the smallest index. Names compare ASCII case-insensitively (the wire form is lower case).
 * Owned by its encoder.
 */
final class EncoderTable {
    private static final class Entry {
        final String name;
        final String value;
        final int hash;
        final int seq;
        Entry next;

        Entry(String name, String value, int hash, int seq) {
            this.name = name;
            this.value = value;
            this.hash = hash;
            this.seq = seq;
        }

        long size() {
            return (long) name.length() + value.length() + DynamicTable.ENTRY_OVERHEAD;
        }
    }

    private final Entry[] buckets;
    /** Entries oldest first from {@link #oldest}, circular. */
    private Entry[] ring = new Entry[16];
    private int oldest;
    private int length;
    /** Sequence number of the next insertion (wraps; only differences matter). */
    private int inserted;
    private long size;
    private int capacity;

    /** A table of {@code capacity} octets whose index is sized for at most {@code maxCapacity}. */
    EncoderTable(int capacity, int maxCapacity) {
        this.capacity = capacity;
        int n = 16;
        while (n < 1024 && n < maxCapacity / 64) {
            n <<= 1;
        }
        buckets = new Entry[n];
    }

    int capacity() {
        return capacity;
    }

    long size() {
        return size;
    }

    int length() {
        return length;
    }

    /** Name of entry {@code i}, 1 being the newest (for tests and logs). */
    String name(int i) {
        return ring[(oldest + length - i) & (ring.length - 1)].name;
    }

    String value(int i) {
        return ring[(oldest + length - i) & (ring.length - 1)].value;
    }

    /** The HPACK index of an entry with this name and value, or 0; {@code hash} is {@link StaticTable#hash}. */
    int fieldIndex(String name, int hash, String value) {
        for (Entry e = buckets[hash & (buckets.length - 1)]; e != null; e = e.next) {
            if (e.hash == hash && e.value.equals(value) && Ascii.equalsIgnoreCase(e.name, name)) {
                return index(e);
            }
        }
        return 0;
    }

    /** The HPACK index of an entry with this name, or 0. */
    int nameIndex(String name, int hash) {
        for (Entry e = buckets[hash & (buckets.length - 1)]; e != null; e = e.next) {
            if (e.hash == hash && Ascii.equalsIgnoreCase(e.name, name)) {
                return index(e);
            }
        }
        return 0;
    }

    /** Inserts a field as the decoder will (§4.4): evicting for room, or emptying the table when it does not fit. */
    void add(String name, int hash, String value) {
        long entrySize = (long) name.length() + value.length() + DynamicTable.ENTRY_OVERHEAD;
        if (entrySize > capacity) {
            evictTo(0);
            return;
        }
        evictTo(capacity - entrySize);
        Entry e = new Entry(name, value, hash, inserted++);
        if (length == ring.length) {
            grow();
        }
        ring[(oldest + length) & (ring.length - 1)] = e;
        length++;
        size += entrySize;
        int b = hash & (buckets.length - 1);
        e.next = buckets[b];
        buckets[b] = e;
    }

    /** Sets a new capacity, evicting the oldest entries until the table fits. */
    void capacity(int newCapacity) {
        capacity = newCapacity;
        evictTo(newCapacity);
    }

    private int index(Entry e) {
        return StaticTable.LENGTH + (inserted - e.seq);
    }

    private void evictTo(long target) {
        while (size > target) {
            Entry e = ring[oldest];
            ring[oldest] = null;
            oldest = (oldest + 1) & (ring.length - 1);
            length--;
            size -= e.size();
            unlink(e);
        }
    }

    private void unlink(Entry e) {
        int b = e.hash & (buckets.length - 1);
        Entry prev = null;
        for (Entry x = buckets[b]; x != null; prev = x, x = x.next) {
            if (x == e) {
                if (prev == null) {
                    buckets[b] = e.next;
                } else {
                    prev.next = e.next;
                }
                e.next = null;
                return;
            }
        }
        throw new IllegalStateException("evicted entry missing from its bucket");
    }

    private void grow() {
        Entry[] bigger = new Entry[ring.length * 2];
        for (int i = 0; i < length; i++) {
            bigger[i] = ring[(oldest + i) & (ring.length - 1)];
        }
        ring = bigger;
        oldest = 0;
    }
}
