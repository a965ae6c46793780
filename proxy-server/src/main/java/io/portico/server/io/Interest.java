package io.portico.server.io;

import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * A channel's registration with its loop's selector and the events it watches. Changed only on
 * the loop thread, so the selector's interest is never rewritten from two threads.
 */
final class Interest {
    private SelectionKey key;
    private int ops;
    private boolean attempted;

    /** Whether {@link #register} was called already. */
    boolean attempted() {
        return attempted;
    }

    /** Registers for reads on the first call; false when the channel could not be registered (it is closed). */
    boolean register(SocketChannel channel, Selector selector, Object attachment) {
        if (attempted) {
            return key != null;
        }
        attempted = true;
        try {
            ops = SelectionKey.OP_READ;
            key = channel.register(selector, ops, attachment);
            return true;
        } catch (ClosedChannelException | RuntimeException e) {
            return false;
        }
    }

    boolean watching(int op) {
        return (ops & op) != 0;
    }

    void watch(int op) {
        set(ops | op);
    }

    void unwatch(int op) {
        set(ops & ~op);
    }

    private void set(int next) {
        if (key != null && key.isValid() && next != ops) {
            ops = next;
            key.interestOps(next);
        }
    }
}
