package io.portico.server.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SocketIoTest {
    private final ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor();
    private ServerSocket server;
    private Socket peer;
    private SocketIo io;

    @BeforeEach
    void connect() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        peer = server.accept();
        io = new SocketIo(client, new byte[64], new byte[64]);
    }

    @AfterEach
    void close() throws IOException {
        io.close();
        peer.close();
        server.close();
        virtual.shutdownNow();
    }

    @Test
    void aReadPastItsTimeoutFailsAndTheOutputStillWorks() throws Exception {
        io.readTimeout(100);
        long start = System.nanoTime();
        assertThatThrownBy(() -> onVirtualThread(() -> io.reader().fill())).isInstanceOf(SocketTimeoutException.class);
        assertThat(millisSince(start)).isBetween(90L, 2_000L);

        io.out().write("HTTP/1.1 408 Request Timeout\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        io.flush();
        assertThat(readLine(peer.getInputStream())).isEqualTo("HTTP/1.1 408 Request Timeout");
    }

    @Test
    void aReadPastItsDeadlineFails() {
        io.readDeadline(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100));
        long start = System.nanoTime();
        assertThatThrownBy(() -> onVirtualThread(() -> io.reader().fill())).isInstanceOf(SocketTimeoutException.class);
        assertThat(millisSince(start)).isBetween(90L, 2_000L);
    }

    @Test
    void aDeadlineAlreadyPassedFailsAtOnce() {
        io.readDeadline(System.nanoTime() - 1);
        assertThatThrownBy(() -> io.reader().fill()).isInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void aTimeoutCountsPerReadSoASlowButSteadyPeerIsNotCutOff() throws Exception {
        io.readTimeout(150);
        for (int i = 0; i < 4; i++) {
            Thread.sleep(60);
            peer.getOutputStream().write('x');
            assertThat(onVirtualThread(() -> io.reader().read())).isEqualTo((int) 'x');
        }
        Thread.sleep(200); // not reading: no read is under way, so nothing times out
        peer.getOutputStream().write('y');
        assertThat(onVirtualThread(() -> io.reader().read())).isEqualTo((int) 'y');
    }

    @Test
    void zeroMeansWaitForever() throws Exception {
        io.readTimeout(0);
        var pending = virtual.submit(() -> io.reader().read());
        Thread.sleep(150);
        assertThat(pending.isDone()).isFalse();
        peer.getOutputStream().write('z');
        assertThat(pending.get(2, TimeUnit.SECONDS)).isEqualTo((int) 'z');
    }

    @Test
    void aChannelSocketTimesOutToo() throws Exception {
        try (SocketChannel ch = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
             Socket accepted = server.accept()) {
            SocketIo backend = new SocketIo(ch.socket(), new byte[64], new byte[64]);
            try {
                backend.readTimeout(100);
                assertThatThrownBy(() -> onVirtualThread(() -> backend.reader().fill()))
                        .isInstanceOf(SocketTimeoutException.class);
                assertThat(accepted.isClosed()).isFalse();
            } finally {
                backend.close();
            }
        }
    }

    private <T> T onVirtualThread(Callable<T> task) throws Exception {
        try {
            return virtual.submit(task).get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }
}
