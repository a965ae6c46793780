package io.portico.server.connection;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Enforces the read timeouts of every open {@link SocketIo}, client and backend side: each
 * tick it ends the reads whose deadline passed. One daemon platform thread per process,
 * started with the first socket; the set of sockets is shared and lock-free. A timeout fires
 * up to one tick late.
 */
final class ReadWatchdog {
    static final long TICK_MILLIS = 10;

    private static final Set<SocketIo> WATCHED = ConcurrentHashMap.newKeySet();

    static {
        Thread.ofPlatform().daemon().name("portico-read-watchdog").start(ReadWatchdog::run);
    }

    private ReadWatchdog() {
    }

    static void watch(SocketIo io) {
        WATCHED.add(io);
    }

    static void unwatch(SocketIo io) {
        WATCHED.remove(io);
    }

    private static void run() {
        while (true) {
            try {
                TimeUnit.MILLISECONDS.sleep(TICK_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (SocketIo io : WATCHED) {
                io.expireRead(now);
            }
        }
    }
}
