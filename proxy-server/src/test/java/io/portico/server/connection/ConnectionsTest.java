package io.portico.server.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.server.Wait;
import io.portico.server.io.SocketIo;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The registry of open client connections that shutdown and client_write use, on real loopback sockets. */
class ConnectionsTest {
    private final ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Socket> peers = new ArrayList<>();
    private final List<SocketIo> ios = new ArrayList<>();
    private ServerSocket server;
    private Connections connections;
    private long nextId;

    @BeforeEach
    void start() throws IOException {
        server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        connections = new Connections();
    }

    @AfterEach
    void stop() throws IOException {
        for (SocketIo io : ios) {
            io.close();
        }
        for (Socket s : peers) {
            s.close();
        }
        server.close();
        virtual.shutdownNow();
    }

    /** A connection registered as the handler registers it; {@code idle} as between requests. */
    private ConnectionInfo open(boolean idle) throws IOException {
        SocketChannel ch = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
        Socket peer = server.accept();
        peer.setSoTimeout(5_000);
        peers.add(peer);
        SocketIo io = new SocketIo(ch, new byte[64], new byte[64]);
        ios.add(io);
        ConnectionInfo info = new ConnectionInfo(++nextId, "test", io.remote(), io.local(), false);
        info.idle(idle);
        connections.add(info, io);
        return info;
    }

    private static boolean closedByProxy(Socket peer) throws IOException {
        InputStream in = peer.getInputStream();
        return in.read() == -1;
    }

    @Test
    void closeIdleClosesTheIdleConnectionsAndLeavesTheBusyOnes() throws Exception {
        open(true);
        open(false);
        open(true);
        connections.closeIdle();
        assertThat(ios.get(0).isClosed()).isTrue();
        assertThat(ios.get(1).isClosed()).isFalse();
        assertThat(ios.get(2).isClosed()).isTrue();
        assertThat(closedByProxy(peers.get(0))).isTrue();
        assertThat(closedByProxy(peers.get(2))).isTrue();
        peers.get(1).setSoTimeout(200);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> peers.get(1).getInputStream().read())
                .isInstanceOf(java.net.SocketTimeoutException.class); // still open
    }

    @Test
    void drainClosesTheIdleOnesAndIsRemembered() throws Exception {
        ConnectionInfo busy = open(false);
        open(true);
        assertThat(connections.draining()).isFalse();
        connections.drain();
        assertThat(connections.draining()).isTrue();
        assertThat(ios.get(1).isClosed()).isTrue();
        assertThat(ios.get(0).isClosed()).isFalse();
        // The busy one finishes its request and becomes idle: a second sweep closes it.
        busy.idle(true);
        connections.closeIdle();
        assertThat(ios.get(0).isClosed()).isTrue();
    }

    @Test
    void aRemovedConnectionIsNoLongerClosedOrCounted() throws Exception {
        ConnectionInfo a = open(true);
        open(true);
        assertThat(connections.size()).isEqualTo(2);
        connections.remove(a);
        assertThat(connections.size()).isEqualTo(1);
        connections.closeAll();
        assertThat(ios.get(0).isClosed()).isFalse();
        assertThat(ios.get(1).isClosed()).isTrue();
    }

    @Test
    void closeStuckWritersClosesOnlyTheConnectionWhosePeerStoppedReading() throws Exception {
        open(false);
        open(false);
        SocketIo stuck = ios.get(0);
        var writing = virtual.submit(() -> {
            stuck.out().write(new byte[8 * 1024 * 1024]); // far past both sockets' buffers; the peer never reads
            stuck.flush();
            return null;
        });
        Wait.until(() -> stuck.writeStuck(System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(50)), "the write to be stuck");
        assertThat(connections.closeStuckWriters(TimeUnit.MILLISECONDS.toNanos(50))).isEqualTo(1);
        assertThat(stuck.isClosed()).isTrue();
        assertThat(ios.get(1).isClosed()).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> writing.get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(IOException.class);
    }
}
