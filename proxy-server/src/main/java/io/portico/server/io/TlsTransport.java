package io.portico.server.io;

import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

/**
 * TLS over a {@link SelectedChannel}, with an {@link SSLEngine}: the I/O loop still reads as
 * soon as the socket turns readable — ciphertext, into this transport's network buffer — and the
 * connection's own thread unwraps it; writes wrap plaintext into records and write them at once.
 * Handshakes are plain blocking code on the connection's thread, under a deadline. Buffers come
 * from a pool and go back whenever they hold nothing: an idle TLS connection keeps its engine and
 * no buffer at all.
 *
 * <p>The reading thread owns the input side (network bytes in, plaintext not yet taken); writes
 * (and the records a read must answer, such as a key update) hold {@link #writeLock}.
 */
final class TlsTransport implements Transport {
    /** Holds a whole TLS record (16 KiB of plaintext plus the largest expansion) with room to spare. */
    static final int RECORD_BUFFER = 18 * 1024;
    /** Network buffers for reading and for spilled plaintext: a record each. */
    static final BufferPool RECORDS = new BufferPool(RECORD_BUFFER, 4096);
    /** Write buffers: up to four records leave in one write. */
    static final BufferPool WRITES = new BufferPool(4 * RECORD_BUFFER, 1024);

    private final SSLEngine engine;
    private final SelectedChannel channel;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final int appSize;

    /** Ciphertext read but not yet unwrapped: {@code net[0, netLen)}. Reading thread. */
    private byte[] net;
    private int netLen;
    /** Plaintext unwrapped but not yet taken: {@code app[appPos, appLen)}. Reading thread. */
    private byte[] app;
    private int appPos;
    private int appLen;
    private boolean inboundDone;
    private volatile boolean outboundClosed;

    /** @param initial ciphertext already read off the socket ({@code initial[0, n)}), e.g. after a PROXY header */
    TlsTransport(SSLEngine engine, SelectedChannel channel, byte[] initial, int n) {
        this.engine = engine;
        this.channel = channel;
        this.appSize = engine.getSession().getApplicationBufferSize();
        if (engine.getSession().getPacketBufferSize() > RECORD_BUFFER || appSize > RECORD_BUFFER) {
            throw new IllegalStateException("TLS records larger than " + RECORD_BUFFER + " bytes");
        }
        if (n > 0) {
            net = RECORDS.take();
            System.arraycopy(initial, 0, net, 0, n);
            netLen = n;
        }
    }

    SSLSession session() {
        return engine.getSession();
    }

    SSLEngine engine() {
        return engine;
    }

    /**
     * Runs the handshake to its end on the calling thread.
     *
     * @throws SocketTimeoutException when it is not done by {@code deadlineNanos}
     * @throws SSLException           when the peer or the engine refuses it
     */
    void handshake(long deadlineNanos) throws IOException {
        try {
            runHandshake(deadlineNanos);
        } catch (SSLException e) {
            sendAlert();
            throw e;
        }
    }

    /** The engine failed a handshake and holds the alert that says why: the peer gets it, if it still listens. */
    private void sendAlert() {
        try {
            engine.closeOutbound();
            outboundClosed = true;
            wrapAndSend(new ByteBuffer[0]);
        } catch (IOException | RuntimeException ignored) {
            // the peer is gone, or the engine had nothing to say
        }
    }

    private void runHandshake(long deadlineNanos) throws IOException {
        engine.beginHandshake();
        while (true) {
            switch (engine.getHandshakeStatus()) {
                case NEED_TASK -> runTasks();
                case NEED_WRAP -> wrapAndSend(new ByteBuffer[0]);
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    if (unwrapOnce() == UNDERFLOW && fillNet(deadlineNanos, true) < 0) {
                        throw new SSLException("the peer closed the connection during the handshake");
                    }
                }
                default -> {
                    releaseIdleBuffers();
                    return;
                }
            }
        }
    }

    // ---- reading ----

    private static final int UNDERFLOW = 0;
    private static final int CLOSED = -1;
    private static final int CONSUMED = -2;

    @Override
    public int read(byte[] b, int off, int len, long deadlineNanos) throws IOException {
        return read(b, off, len, deadlineNanos, true);
    }

    @Override
    public int readNow(byte[] b, int off, int len) throws IOException {
        return read(b, off, len, 0, false);
    }

    private int read(byte[] b, int off, int len, long deadlineNanos, boolean wait) throws IOException {
        while (true) {
            if (appLen > appPos) {
                return takeApp(b, off, len);
            }
            if (inboundDone) {
                return -1;
            }
            if (netLen > 0) {
                int r = unwrapInto(b, off, len);
                if (r > 0 || r == CLOSED) {
                    return r;
                }
                if (r == CONSUMED) {
                    continue;
                }
            }
            int n = fillNet(deadlineNanos, wait);
            if (n == 0) {
                return 0;
            }
            if (n < 0) {
                // The socket ended without close_notify: what arrived is all there is.
                inboundDone = true;
                releaseIdleBuffers();
                return -1;
            }
        }
    }

    /** Reads ciphertext after what {@link #net} holds; the bytes read, 0 (not waiting and none there) or -1. */
    private int fillNet(long deadlineNanos, boolean wait) throws IOException {
        if (net == null) {
            net = RECORDS.take();
        }
        if (netLen == net.length) {
            throw new SSLException("a TLS record larger than " + net.length + " bytes");
        }
        int n = wait ? channel.read(net, netLen, net.length - netLen, deadlineNanos)
                : channel.readNow(net, netLen, net.length - netLen);
        if (n > 0) {
            netLen += n;
        }
        return n;
    }

    /** Unwraps one record straight into {@code b} when it has room for a whole record, else into {@link #app}. */
    private int unwrapInto(byte[] b, int off, int len) throws IOException {
        if (len >= appSize) {
            ByteBuffer dst = ByteBuffer.wrap(b, off, len);
            int r = unwrap(dst);
            return r == CONSUMED && dst.position() > off ? dst.position() - off : r;
        }
        int r = unwrapOnce();
        return r == CONSUMED && appLen > appPos ? takeApp(b, off, len) : r;
    }

    /** Unwraps one record into {@link #app}: UNDERFLOW, CLOSED or CONSUMED (plaintext may be in {@code app}). */
    private int unwrapOnce() throws IOException {
        if (app == null) {
            app = RECORDS.take();
        }
        ByteBuffer dst = ByteBuffer.wrap(app, appLen, app.length - appLen);
        if (appPos == appLen) {
            appPos = 0;
            appLen = 0;
            dst = ByteBuffer.wrap(app);
        }
        int r = unwrap(dst);
        appLen = dst.position();
        return r;
    }

    private int unwrap(ByteBuffer dst) throws IOException {
        if (netLen == 0) {
            return UNDERFLOW;
        }
        ByteBuffer src = ByteBuffer.wrap(net, 0, netLen);
        SSLEngineResult result = engine.unwrap(src, dst);
        int used = src.position();
        if (used > 0) {
            System.arraycopy(net, used, net, 0, netLen - used);
            netLen -= used;
        }
        switch (result.getHandshakeStatus()) {
            case NEED_TASK -> runTasks();
            case NEED_WRAP -> {
                if (!engine.isOutboundDone() && result.getStatus() != SSLEngineResult.Status.CLOSED) {
                    wrapAndSend(new ByteBuffer[0]); // a post-handshake answer (a key update)
                }
            }
            default -> {
            }
        }
        return switch (result.getStatus()) {
            case BUFFER_UNDERFLOW -> UNDERFLOW;
            case BUFFER_OVERFLOW -> throw new SSLException("no room for a TLS record's plaintext");
            case CLOSED -> {
                inboundDone = true;
                yield CLOSED;
            }
            case OK -> CONSUMED;
        };
    }

    private int takeApp(byte[] b, int off, int len) {
        int n = Math.min(len, appLen - appPos);
        System.arraycopy(app, appPos, b, off, n);
        appPos += n;
        if (appPos == appLen && netLen == 0) {
            releaseIdleBuffers();
        }
        return n;
    }

    // ---- writing ----

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        wrapAndSend(new ByteBuffer[] {ByteBuffer.wrap(b, off, len)});
    }

    @Override
    public void write(byte[] a, int alen, byte[] b, int off, int len) throws IOException {
        wrapAndSend(new ByteBuffer[] {ByteBuffer.wrap(a, 0, alen), ByteBuffer.wrap(b, off, len)});
    }

    /** Wraps all of {@code srcs} (nothing: a handshake or closing message) and writes the records. */
    private void wrapAndSend(ByteBuffer[] srcs) throws IOException {
        writeLock.lock();
        byte[] out = WRITES.take();
        try {
            boolean more = true;
            while (more) {
                ByteBuffer dst = ByteBuffer.wrap(out);
                do {
                    SSLEngineResult r = engine.wrap(srcs, dst);
                    if (r.getStatus() == SSLEngineResult.Status.CLOSED && remaining(srcs)) {
                        throw new SocketException("TLS output closed");
                    }
                    if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                        runTasks();
                    }
                    more = remaining(srcs) || r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP
                            && r.getStatus() == SSLEngineResult.Status.OK && r.bytesProduced() > 0;
                } while (more && dst.remaining() >= RECORD_BUFFER);
                if (dst.position() > 0) {
                    channel.writes.write(out, 0, dst.position());
                }
            }
        } finally {
            WRITES.give(out);
            writeLock.unlock();
        }
    }

    private static boolean remaining(ByteBuffer[] srcs) {
        for (ByteBuffer b : srcs) {
            if (b.hasRemaining()) {
                return true;
            }
        }
        return false;
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    // ---- idling, ending ----

    @Override
    public boolean suspend(SelectedChannel.IdleWake wake, long deadlineNanos) {
        if (appLen > appPos || netLen > 0) {
            return false;
        }
        releaseIdleBuffers();
        return channel.suspend(wake, deadlineNanos);
    }

    @Override
    public int resumed(byte[] buffer, int n) {
        if (n > 0) {
            if (net == null) {
                net = RECORDS.take();
            }
            System.arraycopy(buffer, 0, net, netLen, n);
            netLen += n;
        }
        return 0;
    }

    /**
     * Whether the peer sent data or closed while the connection sat idle. What TLS itself sends
     * unasked does not count: a TLS 1.3 server's NewSessionTicket messages often arrive after the
     * client's handshake ended, even after its first exchange, and are consumed here.
     */
    @Override
    public boolean stale() {
        if (appLen > appPos || channel.isClosed()) {
            return true;
        }
        try {
            // Never the channel's own stale(): it may take a byte, which here would break a record.
            return read(new byte[1], 0, 1, 0, false) != 0;
        } catch (IOException e) {
            return true;
        }
    }

    /** What a TLS backend sends unasked while pooled is read as records above; a close the loop has not seen shows here. */
    @Override
    public boolean staleNow() {
        return stale() || channel.staleNow();
    }

    @Override
    public void shutdownOutput() {
        closeOutbound(true);
        try {
            channel.channel().shutdownOutput();
        } catch (IOException ignored) {
            // the peer is gone; closing follows
        }
    }

    @Override
    public void close() {
        closeOutbound(false);
        channel.close();
    }

    /** Sends close_notify once: waiting for the socket when {@code wait}, else only if it takes it at once. */
    private void closeOutbound(boolean wait) {
        if (outboundClosed || channel.isClosed()) {
            return;
        }
        outboundClosed = true;
        engine.closeOutbound();
        if (!writeLock.tryLock()) {
            return; // a writer is blocked on a stuck peer: no close_notify for it
        }
        // The engine wraps only into room for a whole record, though close_notify is a few bytes.
        byte[] record = RECORDS.take();
        try {
            ByteBuffer dst = ByteBuffer.wrap(record);
            engine.wrap(ByteBuffer.allocate(0), dst);
            dst.flip();
            if (wait) {
                channel.writes.write(record, 0, dst.limit());
            } else {
                channel.channel().write(dst);
            }
        } catch (IOException ignored) {
            // the peer is gone: nothing to tell it
        } finally {
            RECORDS.give(record);
            writeLock.unlock();
        }
    }

    @Override
    public boolean isClosed() {
        return channel.isClosed();
    }

    @Override
    public void release() {
        appPos = appLen;
        netLen = 0;
        releaseIdleBuffers();
    }

    /** Gives back the reading buffers that hold nothing. */
    private void releaseIdleBuffers() {
        if (app != null && appPos == appLen) {
            RECORDS.give(app);
            app = null;
            appPos = 0;
            appLen = 0;
        }
        if (net != null && netLen == 0) {
            RECORDS.give(net);
            net = null;
        }
    }
}
