package io.portico.server.listen;

import com.sun.management.UnixOperatingSystemMXBean;
import io.portico.config.LimitsConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** Caps open client connections across all listeners (0 = no cap). Shared; lock-free. */
public final class ConnectionLimit {
    /**
     * Descriptors kept out of the client share: listening sockets, the admin port, each I/O loop's
     * selector, log and jar files, health probes.
     */
    static final int RESERVED_DESCRIPTORS = 64;

    private final int max;
    private final AtomicInteger open = new AtomicInteger();

    public ConnectionLimit(int max) {
        this.max = max;
    }

    /**
     * The cap for {@code max_connections}: the configured value when it is set (0: no cap, as the
     * config contract says), else half of what the descriptor limit leaves after
     * {@link #RESERVED_DESCRIPTORS}, because a proxied client connection usually holds a backend
     * connection too (and pools keep more open). Refusing a connection at the cap costs one accept
     * and close; running out of descriptors fails backend connects, health probes and log rotation
     * for everyone.
     *
     * @param configured the configured value, or {@link LimitsConfig#MAX_CONNECTIONS_UNSET}
     * @param descriptorLimit what the process may open, or a negative number when unknown (then no cap)
     */
    public static int effectiveMax(int configured, long descriptorLimit) {
        if (configured >= 0) {
            return configured;
        }
        if (descriptorLimit <= 0) {
            return 0;
        }
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, (descriptorLimit - RESERVED_DESCRIPTORS) / 2));
    }

    /**
     * The process's limit on open file descriptors ({@code ulimit -n} as the JVM raised it), or -1
     * when unknown. Read from /proc on Linux: the management bean that also tells it loads about
     * 100 classes and reads the cgroup files, 30-40 ms of a start.
     */
    public static long descriptorLimit() {
        try {
            long limit = softOpenFiles(Files.readString(Path.of("/proc/self/limits")));
            if (limit > 0) {
                return limit;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or /proc not mounted: ask the JVM
        }
        return ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
                ? unix.getMaxFileDescriptorCount() : -1;
    }

    /** The soft "Max open files" of a /proc/PID/limits text (Long.MAX_VALUE for unlimited), or -1. */
    static long softOpenFiles(String limits) {
        for (String line : limits.split("\n")) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).strip().split("\\s+")[0];
                return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
            }
        }
        return -1;
    }

    /** One line for the start log: the cap and where it came from. */
    public static String describe(int configured, long descriptorLimit) {
        int max = effectiveMax(configured, descriptorLimit);
        String fds = descriptorLimit > 0 ? descriptorLimit + " file descriptors (ulimit -n)" : "an unknown number of file descriptors";
        if (configured > 0) {
            String over = descriptorLimit > 0 && configured > (descriptorLimit - RESERVED_DESCRIPTORS) / 2
                    ? "; above half of them, so accepts and backend connects may fail first with \"Too many open files\"" : "";
            return "max_connections " + max + " (configured; the process may open " + fds + over + ")";
        }
        if (configured == 0) {
            return "max_connections unlimited (configured 0; the process may open " + fds
                    + ": past them accepts fail with \"Too many open files\" and back off)";
        }
        if (max == 0) {
            return "max_connections unlimited (not configured, and the process's descriptor limit is unknown)";
        }
        return "max_connections " + max + " (not configured: half of the " + fds + " less " + RESERVED_DESCRIPTORS + " reserved)";
    }

    public int max() {
        return max;
    }

    public boolean tryAcquire() {
        int n = open.incrementAndGet();
        if (max > 0 && n > max) {
            open.decrementAndGet();
            return false;
        }
        return true;
    }

    public void release() {
        open.decrementAndGet();
    }

    public int open() {
        return open.get();
    }
}
