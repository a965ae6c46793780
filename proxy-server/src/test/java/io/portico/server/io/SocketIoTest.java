package io.portico.server.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.server.Wait;
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
        SocketChannel client = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
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
        io.readTimeout(600);
        long start = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            Thread.sleep(150); // the peer's pace (the scenario, not a synchronisation): well inside the timeout
            peer.getOutputStream().write('x');
            assertThat(onVirtualThread(() -> io.reader().read())).isEqualTo((int) 'x');
        }
        assertThat(millisSince(start)).as("the reads together took longer than one timeout").isGreaterThan(600);
        Thread.sleep(800); // not reading for longer than the timeout: no read is under way, so nothing times out
        peer.getOutputStream().write('y');
        assertThat(onVirtualThread(() -> io.reader().read())).isEqualTo((int) 'y');
    }

    @Test
    void zeroMeansWaitForever() throws Exception {
        io.readTimeout(0);
        var pending = waitingIn(() -> io.reader().read());
        Thread.sleep(150); // an absence: no timeout fires however long the read waits
        assertThat(pending.isDone()).isFalse();
        peer.getOutputStream().write('z');
        assertThat(pending.get(2, TimeUnit.SECONDS)).isEqualTo((int) 'z');
    }

    @Test
    void aTimedOutReadLeavesThePeerConnected() throws Exception {
        io.readTimeout(100);
        assertThatThrownBy(() -> onVirtualThread(() -> io.reader().fill())).isInstanceOf(SocketTimeoutException.class);
        peer.setSoTimeout(200);
        assertThatThrownBy(() -> peer.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void bytesThatArriveWhileTheOwnerIsBusyAreReadLaterAndSoAreTheNextOnes() throws Exception {
        var zeroth = waitingIn(() -> readAscii(1));
        peer.getOutputStream().write('0');
        assertThat(zeroth.get(2, TimeUnit.SECONDS)).isEqualTo("0");
        peer.getOutputStream().write("first".getBytes(StandardCharsets.US_ASCII));
        Wait.until(io::peerActed, "the loop to take the bytes while nobody reads");
        assertThat(onVirtualThread(() -> readAscii(5))).isEqualTo("first");
        var pending = waitingIn(() -> readAscii(6));
        assertThat(pending.isDone()).isFalse();
        peer.getOutputStream().write("second".getBytes(StandardCharsets.US_ASCII));
        assertThat(pending.get(2, TimeUnit.SECONDS)).isEqualTo("second");
    }

    @Test
    void thePeerClosingAnUnreadSocketIsNoticedWithoutARead() throws Exception {
        var first = waitingIn(() -> io.reader().read());
        peer.getOutputStream().write('a');
        assertThat(first.get(2, TimeUnit.SECONDS)).isEqualTo((int) 'a');
        assertThat(io.peerActed()).isFalse();
        peer.close();
        Wait.until(io::peerActed, "the close to be noticed without a read");
        assertThat(onVirtualThread(() -> io.reader().read())).isEqualTo(-1);
    }

    @Test
    void closingFromAnotherThreadEndsAWaitingRead() throws Exception {
        var pending = waitingIn(() -> io.reader().read());
        io.close();
        assertThatThrownBy(() -> pending.get(2, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
    }

    @Test
    void aWriteLargerThanTheSocketBuffersWaitsForThePeerToRead() throws Exception {
        byte[] big = new byte[8 * 1024 * 1024];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        var writing = virtual.submit(() -> {
            io.out().write(big);
            io.flush();
            return null;
        });
        Wait.until(() -> io.writeStuck(System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(50)), "the write to be stuck 50 ms");
        assertThat(writing.isDone()).isFalse();
        byte[] got = peer.getInputStream().readNBytes(big.length);
        writing.get(5, TimeUnit.SECONDS);
        assertThat(got).isEqualTo(big);
    }

    @Test
    void closingEndsAWriteTheStalledPeerNeverTakes() throws Exception {
        var writing = virtual.submit(() -> {
            io.out().write(new byte[8 * 1024 * 1024]);
            io.flush();
            return null;
        });
        Wait.until(() -> io.writeStuck(System.nanoTime(), 0), "the write to block on the stalled peer");
        io.close();
        assertThatThrownBy(() -> writing.get(2, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
    }

    @Test
    void aSuspendedSocketHoldsNoBufferAndResumesWithTheFirstBytes() throws Exception {
        BufferPool pool = new BufferPool(64, 8);
        var resumed = new java.util.concurrent.CompletableFuture<Boolean>();
        assertThat(io.suspend(0, pool, () -> resumed.complete(io.resumed(pool)))).isTrue();
        assertThat(io.reader().attached()).isFalse();
        Thread.sleep(50); // an absence: nothing resumes it without bytes
        assertThat(resumed.isDone()).isFalse();
        peer.getOutputStream().write("GET".getBytes(StandardCharsets.US_ASCII));
        assertThat(resumed.get(2, TimeUnit.SECONDS)).isTrue();
        assertThat(onVirtualThread(() -> readAscii(3))).isEqualTo("GET");
    }

    @Test
    void aSuspendedSocketEndsAtItsDeadlineOrWhenClosed() throws Exception {
        BufferPool pool = new BufferPool(64, 8);
        var timedOut = new java.util.concurrent.CompletableFuture<Boolean>();
        long start = System.nanoTime();
        assertThat(io.suspend(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100), pool,
                () -> timedOut.complete(io.resumed(pool)))).isTrue();
        assertThat(timedOut.get(2, TimeUnit.SECONDS)).isFalse();
        assertThat(millisSince(start)).isBetween(90L, 2_000L);

        SocketChannel other = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
        try (Socket otherPeer = server.accept()) {
            SocketIo second = new SocketIo(other, new byte[64], new byte[64]);
            var closed = new java.util.concurrent.CompletableFuture<Boolean>();
            assertThat(second.suspend(0, pool, () -> closed.complete(second.resumed(pool)))).isTrue();
            second.close();
            assertThat(closed.get(2, TimeUnit.SECONDS)).isFalse();
            assertThat(otherPeer.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void suspendingWithBytesAlreadyThereKeepsTheThread() throws Exception {
        peer.getOutputStream().write("x".getBytes(StandardCharsets.US_ASCII));
        // Loopback delivers on write; this covers a slow kernel, since any check that looked
        // (peerActed, a read) would take the byte out of the socket this test needs it in.
        Thread.sleep(100);
        BufferPool pool = new BufferPool(64, 8);
        assertThat(io.suspend(0, pool, () -> { })).isFalse();
        assertThat(io.reader().buffered()).isEqualTo(1);
    }

    @Test
    void bufferedBytesAndAnArrayThatDoesNotFitLeaveTogetherInOrder() throws Exception {
        byte[] head = "HEAD-".getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[100];
        java.util.Arrays.fill(body, (byte) 'b');
        onVirtualThread(() -> {
            io.out().write(head);
            io.out().write(body); // 5 + 100 > the 64-byte buffer: one gathering write
            io.flush();
            return null;
        });
        assertThat(io.bytesOut()).isEqualTo(105);
        byte[] got = peer.getInputStream().readNBytes(105);
        assertThat(new String(got, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("HEAD-");
        assertThat(java.util.Arrays.copyOfRange(got, 5, 105)).isEqualTo(body);
    }

    @Test
    void aReadLargerThanTheBufferSpillsAndComesBackWholeAndInOrder() throws Exception {
        SocketChannel ch = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
        try (Socket p = server.accept()) {
            SocketIo big = new SocketIo(ch, new byte[16 * 1024], new byte[16 * 1024]);
            try {
                byte[] sent = new byte[40_000];
                for (int i = 0; i < sent.length; i++) {
                    sent[i] = (byte) (i % 251);
                }
                var reading = waitingIn(() -> {
                    byte[] got = new byte[sent.length];
                    int n = 0;
                    while (n < got.length) {
                        int r = big.reader().read(got, n, Math.min(1000, got.length - n));
                        if (r < 0) {
                            break;
                        }
                        n += r;
                        if (n == 1000) {
                            Thread.sleep(50); // busy while the rest arrives
                        }
                    }
                    return got;
                });
                p.getOutputStream().write(sent);
                assertThat(reading.get(5, TimeUnit.SECONDS)).isEqualTo(sent);
            } finally {
                big.close();
            }
        }
    }

    private String readAscii(int n) throws IOException {
        byte[] b = new byte[n];
        int got = 0;
        while (got < n) {
            int r = io.reader().read(b, got, n - got);
            if (r < 0) {
                break;
            }
            got += r;
        }
        return new String(b, 0, got, StandardCharsets.US_ASCII);
    }

    /** Runs {@code task} on a virtual thread and returns once that thread waits (parked in a read or write). */
    private <T> java.util.concurrent.Future<T> waitingIn(Callable<T> task) throws Exception {
        var thread = new java.util.concurrent.CompletableFuture<Thread>();
        var result = virtual.submit(() -> {
            thread.complete(Thread.currentThread());
            return task.call();
        });
        Thread t = thread.get(5, TimeUnit.SECONDS);
        Wait.until(() -> t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING
                || result.isDone(), "the task to wait");
        return result;
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

    @Test
    void aCloseTheLoopHasNotHandledYetIsFoundOnlyByAReadOfTheSocket() throws Exception {
        assertThat(io.peerActed()).isFalse(); // nothing there: the loop watches the socket from now on
        int loops = Runtime.getRuntime().availableProcessors();
        java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(loops);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        for (int i = 0; i < loops; i++) {
            IoLoop.next().execute(() -> {
                held.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        try {
            assertThat(held.await(10, java.util.concurrent.TimeUnit.SECONDS)).as("every loop held").isTrue();
            peer.close(); // the FIN is in the kernel; no loop can handle it now
            assertThat(io.peerActed()).as("what the loop knows: nothing yet").isFalse();
            assertThat(io.peerActedNow()).as("a read of the socket finds the close").isTrue();
        } finally {
            release.countDown();
        }
    }
}
