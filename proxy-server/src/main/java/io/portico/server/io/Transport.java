package io.portico.server.io;

import java.io.IOException;

/**
 * What carries a connection's bytes under {@link SocketIo}: the socket itself, or TLS over it.
 * Protocol code reads and writes plaintext through SocketIo and never learns which. Reads are
 * done by the connection's thread; writes by one thread at a time (a tunnel reads on one thread
 * while another writes).
 */
sealed interface Transport permits PlainTransport, TlsTransport {

    /** Reads at least one plaintext byte, waiting until {@code deadlineNanos} (0: forever); -1 at the end. */
    int read(byte[] b, int off, int len, long deadlineNanos) throws IOException;

    /** A read that never waits: bytes, -1 at the end, or 0 when none are there yet. */
    int readNow(byte[] b, int off, int len) throws IOException;

    /** Writes all of {@code b[off, off+len)}. */
    void write(byte[] b, int off, int len) throws IOException;

    /** Writes {@code a[0, alen)} then {@code b[off, off+len)}, together where it can. */
    void write(byte[] a, int alen, byte[] b, int off, int len) throws IOException;

    /**
     * Lets the thread go while the connection idles (see {@link SelectedChannel#suspend});
     * false, changing nothing, when input is already waiting.
     */
    boolean suspend(SelectedChannel.IdleWake wake, long deadlineNanos);

    /**
     * Takes the first {@code n} bytes the loop read for an idle connection into {@code buffer};
     * returns how many of them are plaintext for the reader (TLS keeps the ciphertext itself).
     */
    int resumed(byte[] buffer, int n);

    /** True when the peer sent something or closed while nobody read (a pooled connection gone stale). */
    boolean stale();

    /** As {@link #stale()}, also finding what the I/O loop has not handled yet, at the cost of a read. */
    boolean staleNow();

    /** Ends the output after what was written (TLS: close_notify first), so the peer reads its end. */
    void shutdownOutput();

    /** Closes the connection (TLS: with a close_notify when the socket takes it at once). */
    void close();

    boolean isClosed();

    /** Gives back buffers the transport itself holds (the connection is closing or idles). */
    void release();
}
