package io.portico.server.io;

import io.portico.io.ByteReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;

/**
 * Every read and write of one socket, client or backend side, goes through here: reads into
 * the connection's buffer under a timeout or a deadline, buffered writes that put a response
 * head and its first body bytes into one write, byte counters, close. Protocol code never
 * touches the socket. Owned by one thread at a time (the connection's or the request's), except
 * that a tunnel reads on one thread and writes on another.
 *
 * <p>The socket is non-blocking and joins an {@link IoLoop}; reads and writes still block the
 * calling (virtual) thread, which the loop parks and wakes. Timeouts are deadlines the loop
 * checks every {@link IoLoop#TICK_MILLIS} ms, not timers per read.
 */
public final class SocketIo implements Closeable {
    private final SelectedChannel channel;
    /** Plaintext, or TLS once {@link #startTls} succeeded; read by the input and output below. */
    private Transport transport;
    private final InetSocketAddress remote;
    private final InetSocketAddress local;
    private final TimedInput input;
    private final ByteReader reader;
    private final BufferedOut out;
    /** Where an idle connection's first bytes went (see {@link #suspend}); set by the loop before the resume runs. */
    private byte[] resumedBuffer;
    private int resumedResult;

    public SocketIo(SocketChannel socket, byte[] readBuffer, byte[] writeBuffer) throws IOException {
        this.channel = new SelectedChannel(socket, IoLoop.next());
        this.transport = new PlainTransport(channel);
        this.remote = (InetSocketAddress) socket.getRemoteAddress();
        this.local = (InetSocketAddress) socket.getLocalAddress();
        this.input = new TimedInput(this);
        this.reader = new ByteReader(input, readBuffer);
        this.out = new BufferedOut(this, writeBuffer);
    }

    Transport transport() {
        return transport;
    }

    /** The protocol ALPN settled on ({@code http/1.1}, {@code h2}); empty when none was, or the connection is plaintext. */
    public String applicationProtocol() {
        return transport instanceof TlsTransport t ? t.engine().getApplicationProtocol() : "";
    }

    /**
     * Runs a TLS handshake with {@code engine} on the calling thread and from then on carries
     * plaintext over it. Bytes already read and not yet taken (the client's hello, after a PROXY
     * header) are the first ciphertext.
     *
     * @throws java.net.SocketTimeoutException when the handshake is not done by {@code deadlineNanos}
     * @throws javax.net.ssl.SSLException      when it fails
     */
    public javax.net.ssl.SSLSession startTls(javax.net.ssl.SSLEngine engine, long deadlineNanos) throws IOException {
        byte[] early = new byte[reader.buffered()];
        int n = early.length == 0 ? 0 : reader.read(early, 0, early.length);
        TlsTransport tls = new TlsTransport(engine, channel, early, Math.max(0, n));
        transport = tls;
        tls.handshake(deadlineNanos);
        return tls.session();
    }

    public ByteReader reader() {
        return reader;
    }

    /** Buffered output; call {@link #flush()} to put it on the wire. */
    public OutputStream out() {
        return out;
    }

    public void flush() throws IOException {
        out.flush();
    }

    /** Every later read may wait at most this long for bytes (0 = forever). */
    public void readTimeout(long millis) {
        input.timeout(millis);
    }

    /** Every later read must complete before this {@link System#nanoTime()} instant. */
    public void readDeadline(long deadlineNanos) {
        input.deadline(deadlineNanos);
    }

    /**
     * From now until the next {@link #readTimeout} or {@link #readDeadline}, reads also keep to
     * {@code rate} (client_body_min_rate): a read that would wait past its budget fails with
     * {@link BelowMinRate}. Call after {@link #readTimeout}.
     */
    public void readMinRate(MinRate rate) {
        input.rate = rate;
    }

    /**
     * Turns Nagle's algorithm off (TCP_NODELAY) before the socket's second write rather than now:
     * a first write is never held back, and a connection that carries one response saves the call.
     */
    public void noDelayFromSecondWrite() {
        channel.writes.noDelayFromSecondWrite();
    }

    /** Writes from now on keep to {@code rate} (client_write_min_rate), or to none when null: see {@link BelowMinRate}. */
    public void writeMinRate(MinRate rate) {
        channel.writes.rate(rate);
    }

    /**
     * Has {@code onGone} run, once, on the I/O loop, if the peer resets the connection while the
     * owner is busy elsewhere and reads nothing (a request waiting on its backend). It must not
     * block. An end of stream does not count: that may be a half-close, which HTTP/1.1 allows.
     * Not watched while bytes the peer sent early wait unread (a pipelined request).
     */
    public void watchPeer(Runnable onGone) {
        if (reader.buffered() == 0) {
            // Makes the loop watch the socket again if nobody did (a new connection's first request).
            byte[] in = reader.detach();
            int n = 0;
            try {
                n = transport.readNow(in, 0, in.length);
            } catch (IOException e) {
                onGone.run();
                return;
            } finally {
                reader.attach(in, Math.max(0, n));
            }
            if (n < 0) {
                input.sawEnd();
            }
        }
        channel.watchPeer(onGone);
    }

    /** Stops {@link #watchPeer}; false when the peer was found gone (its callback ran, or is running). */
    public boolean unwatchPeer() {
        return channel.unwatchPeer();
    }

    /**
     * Closes the socket from any thread: a thread blocked reading or writing it fails at once.
     * Its owner still calls {@link #close()}.
     */
    public void abort() {
        channel.close();
    }

    /** True when a write to the peer has been blocked for longer than {@code timeoutNanos}. */
    public boolean writeStuck(long nowNanos, long timeoutNanos) {
        return out.stuck(nowNanos, timeoutNanos);
    }

    /** Bytes that actually went to the peer so far (a mark for {@link #discardUnsentSince}). */
    public long sent() {
        return out.sent();
    }

    /** Forgets the buffered output when none of it reached the peer since {@code sentMark}. */
    public boolean discardUnsentSince(long sentMark) {
        return out.discardSince(sentMark);
    }

    public long bytesIn() {
        return reader.consumed();
    }

    public long bytesOut() {
        return out.written();
    }

    public InetSocketAddress remote() {
        return remote;
    }

    public InetSocketAddress local() {
        return local;
    }

    public boolean isClosed() {
        return transport.isClosed();
    }

    /**
     * True when the peer sent bytes or closed while nobody was reading: a pooled connection
     * gone stale, to be closed (finding out may have consumed a byte).
     */
    public boolean peerActed() {
        return reader.buffered() > 0 || transport.stale();
    }

    /** As {@link #peerActed()}, also finding a close the I/O loop has not handled yet (one read more). */
    public boolean peerActedNow() {
        return reader.buffered() > 0 || transport.staleNow();
    }

    /** Half-closes the output so the peer reads EOF after what was written. */
    public void shutdownOutput() {
        try {
            out.flush();
        } catch (IOException ignored) {
            // the peer is gone; closing follows
        }
        transport.shutdownOutput();
    }

    /**
     * Waits up to {@code waitNanos} for the peer's next bytes without making the wait a
     * timeout: true when bytes (or the end of the stream) arrived, false when none did.
     */
    public boolean awaitBytes(long waitNanos) throws IOException {
        if (reader.buffered() > 0) {
            return true;
        }
        byte[] in = reader.detach();
        int n = 0;
        try {
            n = transport.read(in, 0, in.length, (System.nanoTime() + waitNanos) | 1);
        } catch (SocketTimeoutException e) {
            return false;
        } finally {
            reader.attach(in, Math.max(0, n));
        }
        if (n < 0) {
            input.sawEnd();
        }
        return true;
    }

    /**
     * Lets the calling thread go while the connection idles with nothing buffered: both
     * buffers go back to {@code pool}, and {@code resume} runs (on the I/O loop, so it must
     * only start a thread) when bytes arrive, at {@code deadlineNanos}, or on close. The
     * resumed thread calls {@link #resumed} first. Returns false, keeping everything, when
     * bytes arrived already; the caller then just reads them.
     */
    public boolean suspend(long deadlineNanos, BufferPool pool, Runnable resume) throws IOException {
        if (reader.buffered() > 0) {
            return false;
        }
        out.flush();
        byte[] in = reader.detach();
        int n = transport.readNow(in, 0, in.length);
        if (n != 0) {
            reader.attach(in, Math.max(0, n));
            if (n < 0) {
                input.sawEnd();
            }
            return false;
        }
        byte[] o = out.detach();
        SelectedChannel.IdleWake wake = new SelectedChannel.IdleWake() {
            @Override
            public byte[] buffer() {
                return pool.take();
            }

            @Override
            public int bufferSize() {
                return pool.bufferSize();
            }

            @Override
            public void resume(byte[] buffer, int result) {
                resumedBuffer = buffer;
                resumedResult = result;
                resume.run();
            }
        };
        if (!transport.suspend(wake, deadlineNanos)) {
            reader.attach(in, 0);
            out.attach(o);
            return false;
        }
        pool.give(in);
        pool.give(o);
        return true;
    }

    /**
     * Takes buffers again after {@link #suspend}; returns false when the connection ended
     * while idle (closed by the peer or by us, or idle past its deadline).
     */
    /**
     * After {@link #resumed} returned false because the idle deadline passed (not because the
     * peer left or the socket failed): takes an output buffer again, so that a last word (HTTP/2's
     * GOAWAY) can be written before the connection closes.
     */
    public boolean idleTimedOut(BufferPool pool) {
        if (resumedResult != SelectedChannel.TIMEOUT || isClosed()) {
            return false;
        }
        out.attach(pool.take());
        return true;
    }

    public boolean resumed(BufferPool pool) {
        byte[] in = resumedBuffer;
        int n = resumedResult;
        resumedBuffer = null;
        if (n <= 0) {
            if (in != null) {
                pool.give(in);
            }
            return false;
        }
        reader.attach(in, transport.resumed(in, n));
        out.attach(pool.take());
        return true;
    }

    /** The buffers this socket holds now (none while suspended), for the owner to give back once closed. */
    public void giveBuffers(BufferPool pool) {
        pool.give(reader.takeBuffer());
        pool.give(out.takeBuffer());
        transport.release();
    }

    @Override
    public void close() {
        transport.close();
    }

    /**
     * Applies a per-read timeout or an absolute deadline to every read of the socket. A
     * timed-out socket stays unreadable: every timeout closes the connection anyway (after a
     * 408 to a client, whose output still works).
     */
    private static final class TimedInput extends InputStream {
        private final SocketIo io;
        private long timeoutNanos;
        private long deadlineNanos;
        private boolean useDeadline;
        private boolean timedOut;
        private boolean ended;

        TimedInput(SocketIo io) {
            this.io = io;
        }

        /** The body's minimum rate while reading it, or null. */
        MinRate rate;

        void timeout(long millis) {
            timeoutNanos = millis * 1_000_000L;
            useDeadline = false;
            rate = null;
        }

        void deadline(long nanos) {
            deadlineNanos = nanos;
            useDeadline = true;
            rate = null;
        }

        void sawEnd() {
            ended = true;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (timedOut) {
                throw new SocketTimeoutException("read timed out");
            }
            if (ended) {
                return -1;
            }
            if (rate != null) {
                return readAtRate(b, off, len);
            }
            long until;
            if (useDeadline) {
                if (deadlineNanos - System.nanoTime() <= 0) {
                    timedOut = true;
                    throw new SocketTimeoutException("read deadline passed");
                }
                until = deadlineNanos | 1;
            } else {
                until = timeoutNanos == 0 ? 0 : (System.nanoTime() + timeoutNanos) | 1;
            }
            try {
                int n = io.transport.read(b, off, len, until);
                if (n < 0) {
                    ended = true;
                }
                return n;
            } catch (SocketTimeoutException e) {
                timedOut = true;
                throw e;
            }
        }

        /** A read under the per-read timeout and the rate's budget, whichever ends first. */
        private int readAtRate(byte[] b, int off, int len) throws IOException {
            MinRate r = rate;
            long allowance = r.allowanceNanos();
            if (allowance <= 0) {
                timedOut = true;
                throw new BelowMinRate(BelowMinRate.Side.BODY, r.bytesPerSecond());
            }
            long start = System.nanoTime();
            boolean byRate = timeoutNanos == 0 || allowance < timeoutNanos;
            long until = (start + (byRate ? allowance : timeoutNanos)) | 1;
            int n;
            try {
                n = io.transport.read(b, off, len, until);
            } catch (SocketTimeoutException e) {
                timedOut = true;
                if (byRate) {
                    throw new BelowMinRate(BelowMinRate.Side.BODY, r.bytesPerSecond());
                }
                throw e;
            }
            r.account(System.nanoTime() - start, Math.max(0, n));
            if (n < 0) {
                ended = true;
            }
            return n;
        }
    }
}
