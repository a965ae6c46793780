package io.portico.server.listen;

import java.util.concurrent.atomic.AtomicInteger;

/** Caps open client connections across all listeners (0 = no cap). Shared; lock-free. */
public final class ConnectionLimit {
    private final int max;
    private final AtomicInteger open = new AtomicInteger();

    public ConnectionLimit(int max) {
        this.max = max;
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
