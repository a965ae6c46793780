package io.portico.server.io;

import java.io.IOException;

/** The socket's bytes as they are. */
record PlainTransport(SelectedChannel channel) implements Transport {

    @Override
    public int read(byte[] b, int off, int len, long deadlineNanos) throws IOException {
        return channel.read(b, off, len, deadlineNanos);
    }

    @Override
    public int readNow(byte[] b, int off, int len) throws IOException {
        return channel.readNow(b, off, len);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        channel.writes.write(b, off, len);
    }

    @Override
    public void write(byte[] a, int alen, byte[] b, int off, int len) throws IOException {
        channel.writes.write(a, alen, b, off, len);
    }

    @Override
    public boolean suspend(SelectedChannel.IdleWake wake, long deadlineNanos) {
        return channel.suspend(wake, deadlineNanos);
    }

    @Override
    public int resumed(byte[] buffer, int n) {
        return n;
    }

    @Override
    public boolean stale() {
        return channel.stale();
    }

    @Override
    public boolean staleNow() {
        return channel.staleNow();
    }

    @Override
    public void shutdownOutput() {
        try {
            channel.channel().shutdownOutput();
        } catch (IOException ignored) {
            // the peer is gone; closing follows
        }
    }

    @Override
    public void close() {
        channel.close();
    }

    @Override
    public boolean isClosed() {
        return channel.isClosed();
    }

    @Override
    public void release() {
    }
}
