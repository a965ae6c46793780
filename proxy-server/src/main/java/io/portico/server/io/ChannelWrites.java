package io.portico.server.io;

import java.io.IOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.LockSupport;

/**
 * The write side of a {@link SelectedChannel}: writes go straight to the non-blocking socket,
 * and while its send buffer is full the writer parks until the loop sees the socket writable
 * (or it closes). One writer at a time: the connection's thread.
 */
final class ChannelWrites {
    private final SelectedChannel owner;
    private volatile Thread writer;
    private volatile boolean waiting;
    /**
     * A view of the array written last: a connection writes from its one output buffer, so the
     * view serves write after write instead of a new one each time. Dropped when the
     * connection idles and gives its buffer back (owner thread only).
     */
    private ByteBuffer view;

    ChannelWrites(SelectedChannel owner) {
        this.owner = owner;
    }

    /** Writes all of {@code b[off, off+len)}, waiting while the socket's send buffer is full. */
    void write(byte[] b, int off, int len) throws IOException {
        SocketChannel channel = owner.channel();
        ByteBuffer buf = view;
        if (buf == null || buf.array() != b) {
            buf = ByteBuffer.wrap(b);
            view = buf;
        }
        buf.limit(off + len).position(off);
        while (buf.hasRemaining()) {
            if (channel.write(buf) > 0) {
                continue;
            }
            awaitWritable();
        }
    }

    /** Writes {@code a[0, alen)} and then {@code b[off, off+len)}, in one system call when the socket takes them. */
    void write(byte[] a, int alen, byte[] b, int off, int len) throws IOException {
        SocketChannel channel = owner.channel();
        ByteBuffer[] bufs = {ByteBuffer.wrap(a, 0, alen), ByteBuffer.wrap(b, off, len)};
        while (bufs[1].hasRemaining()) {
            if (channel.write(bufs) > 0) {
                continue;
            }
            awaitWritable();
        }
    }

    /** The connection gave its buffers back: the view must not keep one. */
    void forget() {
        view = null;
    }

    /** The loop saw the socket writable, or it closed: a waiting writer goes on. */
    void release() {
        waiting = false;
        Thread w = writer;
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    private void awaitWritable() throws IOException {
        writer = Thread.currentThread();
        waiting = true;
        owner.watchWrites();
        while (waiting && !owner.isClosed()) {
            LockSupport.park(this);
        }
        if (owner.isClosed()) {
            throw new SocketException("Socket closed");
        }
    }
}
