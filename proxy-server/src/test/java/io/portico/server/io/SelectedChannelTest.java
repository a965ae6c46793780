package io.portico.server.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.server.Wait;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SelectedChannel's read states, one transition at a time, on a real loopback socket and the
 * real I/O loop: DIRECT (a new socket), BUSY, WAITING, SPILLED / SPILLED_DIRECT and IDLE, and
 * how a deadline, the peer's close and our own close end each of them. States show through
 * {@link SelectedChannel#settled}, {@link SelectedChannel#idle}, {@link SelectedChannel#stale}
 * and what the reads return.
 */
class SelectedChannelTest {
    private final ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor();
    private ServerSocket server;
    private Socket peer;
    private SelectedChannel channel;

    @BeforeEach
    void connect() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        SocketChannel ch = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
        peer = server.accept();
        peer.setSoTimeout(5_000);
        channel = new SelectedChannel(ch, IoLoop.next());
    }

    @AfterEach
    void close() throws IOException {
        channel.close();
        peer.close();
        server.close();
        virtual.shutdownNow();
    }

    private void send(String text) throws IOException {
        peer.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        peer.getOutputStream().flush();
    }

    /** DIRECT → BUSY: a read that finds nothing has the loop watch the socket. */
    private void makeBusy() throws IOException {
        assertThat(channel.readNow(new byte[8], 0, 8)).isZero();
    }

    /** A read on a virtual thread, returned once that thread parks in it (the WAITING state). */
    private Future<String> waitingRead(int len, long deadlineNanos) throws Exception {
        CompletableFuture<Thread> thread = new CompletableFuture<>();
        Future<String> read = virtual.submit(() -> {
            thread.complete(Thread.currentThread());
            byte[] b = new byte[len];
            int n = channel.read(b, 0, len, deadlineNanos);
            return n < 0 ? "EOF" : new String(b, 0, n, StandardCharsets.US_ASCII);
        });
        Wait.untilWaiting(thread.get(5, TimeUnit.SECONDS), "the read to park");
        return read;
    }

    private static Throwable cause(Future<?> f) {
        try {
            f.get(5, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure");
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aNewSocketIsReadDirectlyAndSettled() throws Exception {
        assertThat(channel.settled()).isTrue();
        assertThat(channel.idle()).isFalse();
        send("ab");
        byte[] b = new byte[8];
        int n = channel.read(b, 0, 8, System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
        assertThat(new String(b, 0, n, StandardCharsets.US_ASCII)).isEqualTo("ab");
    }

    @Test
    void aWaitingReadIsNotSettledAndGetsTheBytesTheLoopReadForIt() throws Exception {
        makeBusy();
        assertThat(channel.stale()).as("BUSY: nothing known unread").isFalse();
        Future<String> read = waitingRead(16, 0);
        assertThat(channel.settled()).as("WAITING").isFalse();
        send("hello");
        assertThat(read.get(5, TimeUnit.SECONDS)).isEqualTo("hello");
        assertThat(channel.settled()).as("BUSY again").isTrue();
    }

    @Test
    void bytesThatArriveWhileTheOwnerIsBusyAreSpilledAndReadWithoutTheSocket() throws Exception {
        makeBusy();
        send("early");
        Wait.until(channel::stale, "the loop to spill the bytes (SPILLED)");
        byte[] b = new byte[3];
        assertThat(channel.readNow(b, 0, 3)).isEqualTo(3);
        assertThat(new String(b, StandardCharsets.US_ASCII)).isEqualTo("ear");
        assertThat(channel.readNow(b, 0, 3)).isEqualTo(2);
        assertThat(new String(b, 0, 2, StandardCharsets.US_ASCII)).isEqualTo("ly");
        // The spill used up, the next bytes come through a wait again.
        Future<String> read = waitingRead(16, 0);
        send("next");
        assertThat(read.get(5, TimeUnit.SECONDS)).isEqualTo("next");
    }

    @Test
    void moreThanASpillBufferWhileBusyComesBackWholeAndInOrder() throws Exception {
        makeBusy();
        byte[] sent = new byte[100_000];
        for (int i = 0; i < sent.length; i++) {
            sent[i] = (byte) (i % 251);
        }
        peer.getOutputStream().write(sent); // past the 16 KiB spill: SPILLED_DIRECT, then direct reads
        Wait.until(channel::stale, "the loop to fill a spill buffer");
        byte[] got = new byte[sent.length];
        int n = 0;
        while (n < got.length) {
            int r = channel.read(got, n, Math.min(7_000, got.length - n), System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
            assertThat(r).isPositive();
            n += r;
        }
        assertThat(got).isEqualTo(sent);
    }

    @Test
    void aReadPastItsDeadlineTimesOutAndTheChannelStillWorks() throws Exception {
        makeBusy();
        Future<String> read = waitingRead(8, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100));
        assertThat(cause(read)).isInstanceOf(SocketTimeoutException.class);
        assertThat(channel.settled()).isTrue();
        Future<String> again = waitingRead(8, 0);
        send("ok");
        assertThat(again.get(5, TimeUnit.SECONDS)).isEqualTo("ok");
    }

    @Test
    void thePeerClosingEndsAWaitingReadWithEndOfStream() throws Exception {
        makeBusy();
        Future<String> read = waitingRead(8, 0);
        peer.close();
        assertThat(read.get(5, TimeUnit.SECONDS)).isEqualTo("EOF");
        assertThat(channel.stale()).as("DIRECT at the end: a read finds it").isTrue();
    }

    @Test
    void closingEndsAWaitingReadAndLaterReadsFail() throws Exception {
        makeBusy();
        Future<String> read = waitingRead(8, 0);
        channel.close();
        assertThat(cause(read)).isInstanceOf(SocketException.class).hasMessage("Socket closed");
        assertThat(channel.isClosed()).isTrue();
        assertThat(channel.stale()).isTrue();
        assertThatThrownBy(() -> channel.read(new byte[1], 0, 1, 0)).isInstanceOf(SocketException.class);
        assertThat(peer.getInputStream().read()).isEqualTo(-1);
    }

    /** Records how an idle channel was resumed, and on which thread. */
    private static final class Wake implements SelectedChannel.IdleWake {
        final byte[] buffer = new byte[64];
        final CompletableFuture<Integer> result = new CompletableFuture<>();
        volatile Thread thread;
        volatile int taken;
        volatile byte[] resumedWith;

        @Override
        public byte[] buffer() {
            taken++;
            return buffer;
        }

        @Override
        public int bufferSize() {
            return buffer.length;
        }

        @Override
        public void resume(byte[] buf, int r) {
            resumedWith = buf;
            thread = Thread.currentThread();
            result.complete(r);
        }
    }

    @Test
    void anIdleChannelIsResumedByTheLoopWithTheFirstBytes() throws Exception {
        makeBusy();
        Wake wake = new Wake();
        assertThat(channel.suspend(wake, 0)).isTrue();
        assertThat(channel.idle()).isTrue();
        assertThat(channel.settled()).isFalse();
        send("GET");
        assertThat(wake.result.get(5, TimeUnit.SECONDS)).isEqualTo(3);
        assertThat(new String(wake.buffer, 0, 3, StandardCharsets.US_ASCII)).isEqualTo("GET");
        assertThat(wake.thread.getName()).matches("portico-io-\\d+");
        assertThat(channel.idle()).isFalse();
        assertThat(channel.settled()).isTrue();
    }

    @Test
    void aPeerClosingAnIdleChannelTakesNoBuffer() throws Exception {
        makeBusy();
        Wake wake = new Wake();
        assertThat(channel.suspend(wake, 0)).isTrue();
        peer.close();
        assertThat(wake.result.get(5, TimeUnit.SECONDS)).isEqualTo(-1);
        assertThat(wake.taken).isZero();
        assertThat(wake.resumedWith).isNull();
    }

    @Test
    void anIdleChannelsFirstBytesStopAtTheOwnersBufferSize() throws Exception {
        makeBusy();
        Wake wake = new Wake();
        assertThat(channel.suspend(wake, 0)).isTrue();
        byte[] big = new byte[100];
        java.util.Arrays.fill(big, (byte) 'x');
        peer.getOutputStream().write(big);
        peer.getOutputStream().flush();
        assertThat(wake.result.get(5, TimeUnit.SECONDS)).isEqualTo(64);
        assertThat(wake.taken).isEqualTo(1);
        assertThat(channel.read(new byte[100], 0, 100, 0)).as("the rest stays in the socket").isEqualTo(36);
    }

    @Test
    void anIdleChannelEndsAtItsDeadlineOrWhenClosed() throws Exception {
        makeBusy();
        Wake timed = new Wake();
        long start = System.nanoTime();
        assertThat(channel.suspend(timed, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100))).isTrue();
        assertThat(timed.result.get(5, TimeUnit.SECONDS)).isEqualTo(SelectedChannel.TIMEOUT);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(90);

        // TIMEOUT leaves the channel DIRECT; back to BUSY, then idle until closed.
        makeBusy();
        Wake closed = new Wake();
        assertThat(channel.suspend(closed, 0)).isTrue();
        channel.close();
        assertThat(closed.result.get(5, TimeUnit.SECONDS)).isEqualTo(SelectedChannel.CLOSED);
    }

    @Test
    void suspendingWithBytesSpilledChangesNothing() throws Exception {
        makeBusy();
        send("x");
        Wait.until(channel::stale, "the loop to spill the byte");
        assertThat(channel.suspend(new Wake(), 0)).isFalse();
        assertThat(channel.idle()).isFalse();
        byte[] b = new byte[1];
        assertThat(channel.readNow(b, 0, 1)).isEqualTo(1);
        assertThat((char) b[0]).isEqualTo('x');
    }

    private boolean noDelay() {
        try {
            return channel.channel().getOption(StandardSocketOptions.TCP_NODELAY);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aLateNoDelayTurnsNagleOffBeforeTheSecondWrite() throws IOException {
        channel.writes.noDelayFromSecondWrite();
        byte[] b = "ab".getBytes(StandardCharsets.US_ASCII);
        channel.writes.write(b, 0, 1);
        assertThat(noDelay()).as("after the first write").isFalse();
        channel.writes.write(new byte[0], 0, b, 1, 1);
        assertThat(noDelay()).as("after the second write").isTrue();
        byte[] got = new byte[2];
        peer.getInputStream().readNBytes(got, 0, 2);
        assertThat(got).isEqualTo(b);
    }

    @Test
    void aFirstWriteThatFillsTheSendBufferTurnsNagleOffBeforeItGoesOn() throws Exception {
        channel.writes.noDelayFromSecondWrite();
        byte[] big = new byte[16 * 1024 * 1024];
        Future<?> write = virtual.submit(() -> {
            channel.writes.write(big, 0, big.length);
            return null;
        });
        Wait.until(this::noDelay, "the blocked writer to turn Nagle off");
        peer.getInputStream().readNBytes(big.length);
        write.get(10, TimeUnit.SECONDS);
    }

    @Test
    void withoutALateNoDelayWritesLeaveTheOptionAlone() throws IOException {
        channel.writes.write(new byte[1], 0, 1);
        channel.writes.write(new byte[1], 0, 1);
        assertThat(noDelay()).isFalse();
    }
}
