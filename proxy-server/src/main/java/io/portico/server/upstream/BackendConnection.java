package io.portico.server.upstream;

import io.portico.http1.FieldValues;
import io.portico.io.ByteBuf;
import io.portico.server.io.SocketIo;
import io.portico.server.tls.BackendTls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Semaphore;
import javax.net.ssl.SSLSession;

/**
 * One socket to a backend instance (blocking-style through {@link SocketIo}), reused through the instance's pool. Owned by
 * the request that borrowed it; idle in the pool otherwise.
 */
public final class BackendConnection implements AutoCloseable {
    private final InstancePool pool;
    private final SocketChannel channel;
    private final SocketIo io;
    private final byte[] readBuffer;
    private final byte[] writeBuffer;
    private final Semaphore permit;
    /** Scratch for request heads and response lines, reused by every request on this connection. */
    private final ByteBuf headBuf = new ByteBuf(512);
    private final ByteBuf lineBuf = new ByteBuf(256);
    private final FieldValues fieldValues = new FieldValues();
    private long idleSinceNanos;
    private int uses;
    private boolean closed;

    private BackendConnection(InstancePool pool, SocketChannel channel, byte[] readBuffer, byte[] writeBuffer,
                              Semaphore permit) throws IOException {
        this.pool = pool;
        this.permit = permit;
        this.channel = channel;
        this.readBuffer = readBuffer;
        this.writeBuffer = writeBuffer;
        this.io = new SocketIo(channel, readBuffer, writeBuffer);
    }

    /** @param permit the max_per_instance permit this connection holds until it closes, or null */
    static BackendConnection open(InstancePool pool, InetSocketAddress address, int connectTimeoutMillis,
                                  byte[] readBuffer, byte[] writeBuffer, Semaphore permit) throws IOException {
        SocketChannel ch = SocketChannel.open();
        try {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            ch.socket().connect(address, Math.max(1, connectTimeoutMillis));
            return new BackendConnection(pool, ch, readBuffer, writeBuffer, permit);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * The TLS handshake with the instance, done by {@code deadlineNanos} (the connect timeout);
     * counts full and resumed handshakes in {@code stats}.
     */
    void startTls(BackendTls tls, long deadlineNanos, ClusterStats stats) throws IOException {
        InetSocketAddress peer = io.remote();
        SSLSession session = io.startTls(tls.newEngine(pool.host(), peer.getPort()), deadlineNanos);
        if (stats != null) {
            stats.handshake(BackendTls.resumed(session));
        }
    }

    public SocketIo io() {
        return io;
    }

    ByteBuf headBuf() {
        return headBuf;
    }

    ByteBuf lineBuf() {
        return lineBuf;
    }

    FieldValues fieldValues() {
        return fieldValues;
    }

    /** How many requests this connection carried before the current one. */
    public int uses() {
        return uses;
    }

    public boolean reused() {
        return uses > 0;
    }

    void markIdle(long nowNanos) {
        idleSinceNanos = nowNanos;
        uses++;
    }

    long idleSinceNanos() {
        return idleSinceNanos;
    }

    /**
     * Whether an idle connection is still usable: the backend has neither closed it nor sent
     * unsolicited bytes. Usually free: the I/O loop watches every pooled socket and marks the
     * ones that turned readable; only those cost a read. {@code strict} also reads the socket
     * (one system call), finding a close the loop has not handled yet.
     */
    boolean probeAlive(boolean strict) {
        return !(strict ? io.peerActedNow() : io.peerActed());
    }

    Semaphore permit() {
        return permit;
    }

    byte[] readBuffer() {
        return readBuffer;
    }

    byte[] writeBuffer() {
        return writeBuffer;
    }

    /** Hands the connection back: pooled when {@code reusable} and the pool has room, else closed. */
    public void release(boolean reusable) {
        pool.release(this, reusable);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            io.close();
            pool.closed(this);
        }
    }
}
