package io.portico.server.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.server.Wait;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ListeningChannelTest {
    private final ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor();
    private ServerSocketChannel server;
    private ListeningChannel listening;
    private int port;

    @BeforeEach
    void bind() throws IOException {
        server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        port = ((InetSocketAddress) server.getLocalAddress()).getPort();
        listening = new ListeningChannel(server);
    }

    @AfterEach
    void close() {
        listening.close();
        virtual.shutdownNow();
    }

    @Test
    void severalAcceptorsTakeEveryConnectionOnceAndAcceptedSocketsAreBlocking() throws Exception {
        int clients = 300;
        Set<Integer> peerPorts = ConcurrentHashMap.newKeySet();
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger blocking = new AtomicInteger();
        List<Future<?>> acceptors = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            acceptors.add(virtual.submit(() -> {
                while (true) {
                    SocketChannel s;
                    try {
                        s = listening.accept();
                    } catch (ClosedChannelException e) {
                        return null;
                    }
                    if (s.isBlocking()) {
                        blocking.incrementAndGet();
                    }
                    peerPorts.add(((InetSocketAddress) s.getRemoteAddress()).getPort());
                    accepted.incrementAndGet();
                    s.close();
                }
            }));
        }
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                sockets.add(new Socket(InetAddress.getLoopbackAddress(), port));
                if (i % 50 == 0) {
                    Thread.sleep(20); // some arrive while acceptors wait, some while they are busy
                }
            }
            awaitCount(accepted, clients);
            assertThat(peerPorts).hasSize(clients);
            assertThat(blocking.get()).isEqualTo(clients);
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
        listening.close();
        for (Future<?> f : acceptors) {
            f.get(5, TimeUnit.SECONDS); // every waiting acceptor returned with ClosedChannelException
        }
    }

    @Test
    void connectionsThatArriveWhileNoAcceptorWaitsAreStillAccepted() throws Exception {
        // The loop sees a connection with nobody waiting and stops watching; the next acceptor
        // that waits must start it again, or the later connections would sit in the backlog.
        CountDownLatch firstTaken = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        AtomicInteger accepted = new AtomicInteger();
        var acceptorThread = new java.util.concurrent.CompletableFuture<Thread>();
        Future<?> acceptor = virtual.submit(() -> {
            acceptorThread.complete(Thread.currentThread());
            try (SocketChannel first = listening.accept()) {
                firstTaken.countDown();
                goOn.await();
            }
            while (true) {
                try (SocketChannel s = listening.accept()) {
                    accepted.incrementAndGet();
                } catch (ClosedChannelException e) {
                    return null;
                }
            }
        });
        try (Socket a = new Socket(InetAddress.getLoopbackAddress(), port)) {
            assertThat(firstTaken.await(5, TimeUnit.SECONDS)).isTrue();
            try (Socket b = new Socket(InetAddress.getLoopbackAddress(), port)) {
                // The loop should see b while the only acceptor is busy. Nothing shows when it has, so
                // this pause is the scenario's: on a slow machine the test may cover less, never fail wrongly.
                Thread.sleep(100);
                goOn.countDown();
                awaitCount(accepted, 1);
                for (int round = 2; round <= 4; round++) {
                    Wait.untilWaiting(acceptorThread.get(), "the acceptor to wait again");
                    try (Socket c = new Socket(InetAddress.getLoopbackAddress(), port)) {
                        awaitCount(accepted, round);
                    }
                }
            }
        }
        listening.close();
        acceptor.get(5, TimeUnit.SECONDS);
    }

    @Test
    void closeFreesThePortAndLaterAcceptsFail() throws Exception {
        var waiter = new java.util.concurrent.CompletableFuture<Thread>();
        Future<Boolean> waiting = virtual.submit(() -> {
            waiter.complete(Thread.currentThread());
            try {
                listening.accept();
                return false;
            } catch (ClosedChannelException e) {
                return true;
            }
        });
        Wait.untilWaiting(waiter.get(5, TimeUnit.SECONDS), "the accept to wait");
        listening.close();
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isTrue();
        // The descriptor closes once the selector drops the key, at the loop's next select: soon, not necessarily at once.
        Wait.until(() -> {
            try (ServerSocketChannel again = ServerSocketChannel.open()) {
                again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return true;
            } catch (java.io.IOException inUse) {
                return false;
            }
        }, "the port to be free again");
        Future<Boolean> late = virtual.submit(() -> {
            try {
                listening.accept();
                return false;
            } catch (ClosedChannelException e) {
                return true;
            }
        });
        assertThat(late.get(5, TimeUnit.SECONDS)).isTrue();
    }

    private static void awaitCount(AtomicInteger n, int expected) {
        Wait.untilEquals(n::get, expected, "connections accepted");
    }
}
