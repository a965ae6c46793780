package io.portico.server.http2;

import io.portico.http.HttpFields;
import io.portico.http2.DataFrame;
import io.portico.http2.ErrorCode;
import io.portico.http2.Http2Exception;
import io.portico.http2.ReceiveWindow;
import io.portico.http2.SendWindow;
import io.portico.http2.StreamState;
import io.portico.server.io.BelowMinRate;
import io.portico.server.io.MinRate;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One request stream, between the connection thread (which hands it the client's DATA, its
 * END_STREAM, trailers or reset) and the stream's own thread (which reads the body and answers).
 * The request body waits in a queue bounded by the stream's receive window: the client may send
 * no more than the window, and the window opens again (WINDOW_UPDATE) only as the stream's thread
 * reads. The {@link #remote} state belongs to the connection thread; the rest is under the lock.
 */
final class Http2Stream {
    final int id;
    final SendWindow send;
    /** The client's side as the connection thread tracks it (connection thread only). */
    StreamState remote;
    /** The declared content-length, or -1: the DATA received must add up to it (RFC 9113 §8.1.1). */
    private final long declaredLength;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Body bytes not yet read: {@code chunks[i][bounds[i][0], bounds[i][1])}; made at the first DATA (most requests have none). */
    private ArrayDeque<byte[]> chunks;
    private ArrayDeque<int[]> bounds;
    private final ReceiveWindow window;
    private long received;
    /** A stream WINDOW_UPDATE owed for padding, taken by the connection thread. */
    private int paddingIncrement;
    private boolean ended;
    private HttpFields trailers;
    /** The error code the stream was reset with (by either side), or -1. */
    private int resetCode = -1;
    /** The response ended (END_STREAM or a reset sent): the stream's thread is done with the client. */
    private volatile boolean finished;
    /** Run once when the stream is reset while its request waits elsewhere (see ClientExchange#watchClient). */
    private final AtomicReference<Runnable> gone = new AtomicReference<>();

    Http2Stream(int id, SendWindow send, int receiveWindow, long declaredLength, boolean endStream) {
        this.id = id;
        this.send = send;
        this.window = new ReceiveWindow(id, receiveWindow);
        this.declaredLength = declaredLength;
        this.ended = endStream;
        this.remote = endStream ? StreamState.HALF_CLOSED_REMOTE : StreamState.OPEN;
        if (endStream && declaredLength > 0) {
            throw Http2Exception.stream(ErrorCode.PROTOCOL_ERROR, id, "content-length " + declaredLength + " without DATA");
        }
    }

    /**
     * The client's DATA (connection thread). Its flow-controlled length was already counted
     * against the connection window.
     *
     * @return the bytes to credit back at once (padding, or all of it when nobody will read it)
     * @throws io.portico.http2.StreamException FLOW_CONTROL_ERROR past the stream window,
     *         PROTOCOL_ERROR when the DATA disagrees with content-length
     */
    int data(DataFrame f) {
        lock.lock();
        try {
            window.receive(f.flowControlledLength());
            received += f.length();
            if (declaredLength >= 0 && (received > declaredLength || f.endStream() && received != declaredLength)) {
                throw Http2Exception.stream(ErrorCode.PROTOCOL_ERROR, id, "DATA of " + received
                        + " bytes against content-length " + declaredLength);
            }
            int padding = f.flowControlledLength() - f.length();
            if (resetCode >= 0 || finished) {
                return f.flowControlledLength();
            }
            if (f.length() > 0) {
                if (chunks == null) {
                    chunks = new ArrayDeque<>(4);
                    bounds = new ArrayDeque<>(4);
                }
                chunks.add(f.data());
                bounds.add(new int[] {f.offset(), f.offset() + f.length()});
            }
            if (f.endStream()) {
                ended = true;
            }
            changed.signalAll();
            if (padding > 0 && !ended) {
                paddingIncrement += window.release(padding);
            }
            return padding;
        } finally {
            lock.unlock();
        }
    }

    /** The stream window increment owed for padding received, then 0 (connection thread). */
    int takePaddingIncrement() {
        lock.lock();
        try {
            int n = paddingIncrement;
            paddingIncrement = 0;
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** The client ended its side with trailers (connection thread). */
    void end(HttpFields trailerFields) {
        lock.lock();
        try {
            if (declaredLength >= 0 && received != declaredLength) {
                throw Http2Exception.stream(ErrorCode.PROTOCOL_ERROR, id, "DATA of " + received
                        + " bytes against content-length " + declaredLength);
            }
            trailers = trailerFields;
            ended = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The stream was reset (by the client, or by the proxy): reads and writes fail from now on.
     *
     * @return the body bytes it held unread, to credit back to the connection window
     */
    int reset(ErrorCode code) {
        int unread = 0;
        lock.lock();
        try {
            if (resetCode < 0) {
                resetCode = code.value();
            }
            if (chunks != null) {
                for (int[] b : bounds) {
                    unread += b[1] - b[0];
                }
                chunks.clear();
                bounds.clear();
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        Runnable r = gone.getAndSet(null);
        if (r != null) {
            r.run();
        }
        return unread;
    }

    /** Has {@code onGone} run once the stream is reset (at once when it was already). */
    void watch(Runnable onGone) {
        gone.set(onGone);
        if (isReset()) {
            Runnable r = gone.getAndSet(null);
            if (r != null) {
                r.run();
            }
        }
    }

    /** False when the stream was reset and the callback taken. */
    boolean unwatch() {
        return gone.getAndSet(null) != null;
    }

    boolean isReset() {
        lock.lock();
        try {
            return resetCode >= 0;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the client sent all of its request (END_STREAM). */
    boolean remoteEnded() {
        lock.lock();
        try {
            return ended;
        } finally {
            lock.unlock();
        }
    }

    void finished() {
        finished = true;
    }

    boolean isFinished() {
        return finished;
    }

    HttpFields trailers() {
        lock.lock();
        try {
            return trailers == null ? new HttpFields(0) : trailers;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads body bytes (stream thread), waiting up to {@code timeoutNanos} for the client.
     *
     * @param credit told how many bytes were taken, to open the windows again
     * @return the count read, or -1 at the end of the body
     * @param rate          client_body_min_rate for the stream's body, or null
     * @throws SocketTimeoutException when the client sent nothing in time (client_body), or too
     *         little ({@link BelowMinRate}, client_body_min_rate)
     * @throws IOException            when the stream was reset
     */
    int read(byte[] b, int off, int len, long timeoutNanos, MinRate rate, Credit credit) throws IOException {
        int n;
        int increment;
        long waited = 0;
        lock.lock();
        try {
            long wait = timeoutNanos;
            boolean byRate = rate != null && (timeoutNanos <= 0 || rate.allowanceNanos() < timeoutNanos);
            if (byRate) {
                wait = rate.allowanceNanos();
            }
            boolean timed = timeoutNanos > 0 || byRate;
            while (chunks == null || chunks.isEmpty()) {
                if (resetCode >= 0) {
                    throw new IOException("stream " + id + " reset (" + ErrorCode.describe(resetCode) + ")");
                }
                if (ended) {
                    return -1;
                }
                if (timed && wait <= 0) {
                    if (byRate) {
                        throw new BelowMinRate(BelowMinRate.Side.BODY, rate.bytesPerSecond());
                    }
                    throw new SocketTimeoutException("no request body from the client on stream " + id);
                }
                try {
                    long before = wait;
                    wait = timed ? changed.awaitNanos(wait) : awaitForever();
                    waited += timed ? before - wait : 0;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted reading stream " + id);
                }
            }
            byte[] chunk = chunks.peek();
            int[] range = bounds.peek();
            n = Math.min(len, range[1] - range[0]);
            System.arraycopy(chunk, range[0], b, off, n);
            range[0] += n;
            if (range[0] == range[1]) {
                chunks.poll();
                bounds.poll();
            }
            increment = ended ? 0 : window.release(n);
        } finally {
            lock.unlock();
        }
        if (rate != null) {
            rate.account(waited, n);
        }
        credit.taken(id, n, increment);
        return n;
    }

    private long awaitForever() throws InterruptedException {
        changed.await(1, TimeUnit.HOURS);
        return 1;
    }

    /** Where a read's bytes are credited back: the stream's window increment, and the connection's. */
    @FunctionalInterface
    interface Credit {
        void taken(int streamId, int bytes, int streamIncrement) throws IOException;
    }
}
