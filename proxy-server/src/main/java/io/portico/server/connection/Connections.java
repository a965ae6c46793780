package io.portico.server.connection;

import io.portico.server.io.SocketIo;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open client connections, so a graceful shutdown can close the idle keep-alive ones at
 * once and let busy ones finish their request. Shared; lock-free.
 */
public final class Connections {
    private final Map<ConnectionInfo, SocketIo> open = new ConcurrentHashMap<>();
    private volatile boolean draining;

    void add(ConnectionInfo info, SocketIo io) {
        open.put(info, io);
    }

    void remove(ConnectionInfo info) {
        open.remove(info);
    }

    /** From now on, connections close after their current request. */
    public void drain() {
        draining = true;
        closeIdle();
    }

    public boolean draining() {
        return draining;
    }

    public void closeIdle() {
        open.forEach((info, io) -> {
            if (info.idle()) {
                io.close();
            }
        });
    }

    public void closeAll() {
        open.values().forEach(SocketIo::close);
    }

    /**
     * Closes connections whose client has not taken a write for {@code timeoutNanos}
     * (client_write): the blocked thread then fails and frees what it holds. Returns how many.
     */
    public int closeStuckWriters(long timeoutNanos) {
        long now = System.nanoTime();
        int[] n = {0};
        open.forEach((info, io) -> {
            if (io.writeStuck(now, timeoutNanos)) {
                io.close();
                n[0]++;
            }
        });
        return n[0];
    }

    public int size() {
        return open.size();
    }
}
