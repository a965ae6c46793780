package io.portico.modules.block;

import io.portico.module.ModuleSettings;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A set of IPv4 and IPv6 CIDR blocks, built once and then shared read-only (immutable, so safe
 * from any thread). Every address is held as 128 bits, IPv4 as IPv4-mapped IPv6
 * ({@code ::ffff:a.b.c.d}), so one unsigned order covers both families. The blocks are kept as
 * sorted, merged, disjoint ranges in four parallel arrays; {@link #contains} is a binary search
 * that allocates only the address bytes.
 *
 * <p>Also used by {@code trust_client_ip}.
 */
public final class CidrSet {
    private static final long V4_MAPPED = 0xffffL << 32;
    private static final CidrSet EMPTY = new CidrSet(new long[0], new long[0], new long[0], new long[0]);

    private final long[] firstHi;
    private final long[] firstLo;
    private final long[] lastHi;
    private final long[] lastLo;

    private CidrSet(long[] firstHi, long[] firstLo, long[] lastHi, long[] lastLo) {
        this.firstHi = firstHi;
        this.firstLo = firstLo;
        this.lastHi = lastHi;
        this.lastLo = lastLo;
    }

    public static CidrSet empty() {
        return EMPTY;
    }

    /**
     * Parses CIDR blocks ({@code 192.0.2.0/24}, {@code 2001:db8::/32}) or single addresses. Host
     * bits below the prefix are ignored, as Go's {@code net.ParseCIDR} does.
     *
     * @throws IllegalArgumentException naming the first entry that is not a CIDR block
     */
    public static CidrSet of(Collection<String> cidrs) {
        List<long[]> ranges = new ArrayList<>(cidrs.size());
        for (String c : cidrs) {
            ranges.add(range(c));
        }
        return build(ranges);
    }

    /**
     * The blocks listed in {@code listKey} (an array of strings) and in the file named by
     * {@code fileKey} (one block per line, {@code #} starts a comment). Problems are recorded in
     * {@code settings} with the offending entry (and file line); the set then holds the valid
     * entries.
     */
    public static CidrSet fromSettings(ModuleSettings settings, String listKey, String fileKey) {
        List<long[]> ranges = new ArrayList<>();
        List<String> list = settings.stringList(listKey, List.of());
        for (int i = 0; i < list.size(); i++) {
            try {
                ranges.add(range(list.get(i)));
            } catch (IllegalArgumentException e) {
                settings.error(listKey, "element " + i + ": " + e.getMessage());
            }
        }
        settings.path(fileKey).ifPresent(file -> readFile(settings, fileKey, file, ranges));
        return build(ranges);
    }

    private static void readFile(ModuleSettings settings, String key, Path file, List<long[]> ranges) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            settings.error(key, "cannot read " + file + ": " + e);
            return;
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            String entry = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (entry.isEmpty()) {
                continue;
            }
            try {
                ranges.add(range(entry));
            } catch (IllegalArgumentException e) {
                settings.error(key, file + ":" + (i + 1) + ": " + e.getMessage());
            }
        }
    }

    /** Whether {@code address} lies in one of the blocks; false for null. */
    public boolean contains(InetAddress address) {
        if (address == null || firstHi.length == 0) {
            return false;
        }
        byte[] b = address.getAddress();
        long hi;
        long lo;
        if (b.length == 4) {
            hi = 0;
            lo = V4_MAPPED | (bits(b, 0, 4) & 0xffffffffL);
        } else {
            hi = bits(b, 0, 8);
            lo = bits(b, 8, 8);
        }
        // The last range whose first address is <= the address, then its end.
        int low = 0;
        int high = firstHi.length - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (compare(firstHi[mid], firstLo[mid], hi, lo) <= 0) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return found >= 0 && compare(hi, lo, lastHi[found], lastLo[found]) <= 0;
    }

    public boolean isEmpty() {
        return firstHi.length == 0;
    }

    /** The number of disjoint ranges the blocks merged into. */
    public int ranges() {
        return firstHi.length;
    }

    /**
     * Parses an IP literal without any name lookup: an IPv4 dotted quad (four decimal parts, no
     * leading zeros) or an IPv6 literal (no brackets, no zone). An IPv4-mapped IPv6 literal
     * yields the IPv4 address.
     */
    public static Optional<InetAddress> parseAddress(String text) {
        if (text.indexOf(':') < 0) {
            long v4 = parseV4(text);
            if (v4 < 0) {
                return Optional.empty();
            }
            byte[] b = {(byte) (v4 >>> 24), (byte) (v4 >>> 16), (byte) (v4 >>> 8), (byte) v4};
            try {
                return Optional.of(Inet4Address.getByAddress(b));
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
            if (!ok) {
                return Optional.empty();
            }
        }
        try {
            // A string with ':' made of these characters only is parsed as a literal, never looked up.
            return Optional.of(InetAddress.getByName(text));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** {first hi, first lo, last hi, last lo} of one block. */
    static long[] range(String cidr) {
        String text = cidr.strip();
        int slash = text.indexOf('/');
        String ip = slash < 0 ? text : text.substring(0, slash);
        InetAddress address = parseAddress(ip).orElseThrow(
                () -> new IllegalArgumentException("\"" + cidr + "\" is not a CIDR block like 192.0.2.0/24 or 2001:db8::/32"));
        boolean v4 = address instanceof Inet4Address && ip.indexOf(':') < 0;
        int max = v4 ? 32 : 128;
        int prefix = max;
        if (slash >= 0) {
            prefix = prefixLength(text.substring(slash + 1), max, cidr);
        }
        int bits = v4 ? 96 + prefix : prefix; // IPv4 blocks live in ::ffff:0:0/96
        byte[] b = address.getAddress();
        long hi = b.length == 4 ? 0 : bits(b, 0, 8);
        long lo = b.length == 4 ? V4_MAPPED | (bits(b, 0, 4) & 0xffffffffL) : bits(b, 8, 8);
        long hiMask = topBits(Math.min(bits, 64));
        long loMask = topBits(Math.max(bits - 64, 0));
        return new long[] {hi & hiMask, lo & loMask, hi | ~hiMask, lo | ~loMask};
    }

    private static int prefixLength(String text, int max, String cidr) {
        int n = 0;
        if (text.isEmpty() || text.length() > 3) {
            n = -1;
        }
        for (int i = 0; i < text.length() && n >= 0; i++) {
            char c = text.charAt(i);
            n = c >= '0' && c <= '9' ? n * 10 + (c - '0') : -1;
        }
        if (n < 0 || n > max) {
            throw new IllegalArgumentException("\"" + cidr + "\": prefix length must be 0.." + max);
        }
        return n;
    }

    private static CidrSet build(List<long[]> ranges) {
        if (ranges.isEmpty()) {
            return EMPTY;
        }
        long[][] sorted = ranges.toArray(new long[0][]);
        Arrays.sort(sorted, (a, b) -> compare(a[0], a[1], b[0], b[1]));
        long[][] merged = new long[sorted.length][];
        int n = 0;
        for (long[] r : sorted) {
            long[] last = n == 0 ? null : merged[n - 1];
            if (last != null && compare(r[0], r[1], last[2], last[3]) <= 0) {
                if (compare(r[2], r[3], last[2], last[3]) > 0) {
                    last[2] = r[2];
                    last[3] = r[3];
                }
            } else {
                merged[n++] = r.clone();
            }
        }
        long[] fh = new long[n];
        long[] fl = new long[n];
        long[] lh = new long[n];
        long[] ll = new long[n];
        for (int i = 0; i < n; i++) {
            fh[i] = merged[i][0];
            fl[i] = merged[i][1];
            lh[i] = merged[i][2];
            ll[i] = merged[i][3];
        }
        return new CidrSet(fh, fl, lh, ll);
    }

    private static int compare(long aHi, long aLo, long bHi, long bLo) {
        int c = Long.compareUnsigned(aHi, bHi);
        return c != 0 ? c : Long.compareUnsigned(aLo, bLo);
    }

    /** The top {@code n} bits of a long set, n in 0..64. */
    private static long topBits(int n) {
        return n == 0 ? 0 : -1L << (64 - n);
    }

    private static long bits(byte[] b, int from, int count) {
        long v = 0;
        for (int i = from; i < from + count; i++) {
            v = (v << 8) | (b[i] & 0xff);
        }
        return v;
    }

    /** The 32-bit value of a strict dotted quad, or -1. */
    private static long parseV4(String s) {
        long v = 0;
        int i = 0;
        for (int part = 0; part < 4; part++) {
            if (part > 0) {
                if (i >= s.length() || s.charAt(i) != '.') {
                    return -1;
                }
                i++;
            }
            int start = i;
            int n = 0;
            while (i < s.length() && i - start < 3 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                n = n * 10 + (s.charAt(i) - '0');
                i++;
            }
            if (i == start || n > 255 || (i - start > 1 && s.charAt(start) == '0')) {
                return -1;
            }
            v = (v << 8) | n;
        }
        return i == s.length() ? v : -1;
    }
}
