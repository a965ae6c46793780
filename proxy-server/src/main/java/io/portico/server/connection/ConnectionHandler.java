package io.portico.server.connection;

import io.portico.module.CallbackPoint;
import io.portico.module.Verdict;
import io.portico.server.ServerMetrics;
import io.portico.server.Snapshot;
import io.portico.server.http1.Http1ServerConnection;
import io.portico.server.proxy.Callbacks;
import io.portico.server.proxy.ModuleFailure;
import io.portico.server.proxy.RequestPipeline;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one accepted client socket on its virtual thread, inside the connection's exception
 * barrier: whatever is thrown ends this connection only, is logged once with its context and
 * counted — the process keeps serving.
 */
public final class ConnectionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionHandler.class);

    private final String listener;
    private final boolean secure;
    private final Supplier<Snapshot> snapshots;
    private final RequestPipeline pipeline;
    private final BufferPool buffers;
    private final ServerMetrics metrics;
    private final Connections connections;

    public ConnectionHandler(String listener, boolean secure, Supplier<Snapshot> snapshots, RequestPipeline pipeline,
                             BufferPool buffers, ServerMetrics metrics, Connections connections) {
        this.listener = listener;
        this.secure = secure;
        this.snapshots = snapshots;
        this.pipeline = pipeline;
        this.buffers = buffers;
        this.metrics = metrics;
        this.connections = connections;
    }

    public void serve(Socket socket) {
        metrics.connectionsOpen.incrementAndGet();
        byte[] in = buffers.take();
        byte[] out = buffers.take();
        SocketIo io = null;
        ConnectionInfo info = null;
        try {
            socket.setTcpNoDelay(true);
            io = new SocketIo(socket, in, out);
            info = new ConnectionInfo(threadId(), listener, (InetSocketAddress) socket.getRemoteSocketAddress(),
                    (InetSocketAddress) socket.getLocalSocketAddress(), secure);
            connections.add(info, io);
            Snapshot snapshot = snapshots.get();
            if (Callbacks.accept(snapshot.modules(), CallbackPoint.HANDLE_ACCEPT, info) instanceof Verdict.Close
                    || Callbacks.accept(snapshot.modules(), CallbackPoint.HANDLE_HANDSHAKE, info) instanceof Verdict.Close) {
                return;
            }
            new Http1ServerConnection(io, info, snapshots, pipeline, metrics, connections::draining).serve();
        } catch (IOException e) {
            // The client went away or stopped reading: normal life of a connection.
            LOG.debug("{}: {}", describe(io, info), e.toString());
        } catch (ModuleFailure e) {
            metrics.moduleError(e.module());
            LOG.warn("{}: {}", describe(io, info), e.getMessage());
        } catch (Throwable t) {
            metrics.error(ServerMetrics.ErrorKind.CONNECTION_BARRIER);
            LOG.warn("{}: connection failed: {}", describe(io, info), t.toString());
            LOG.debug("stack of the failure above", t);
        } finally {
            if (info != null) {
                connections.remove(info);
                Callbacks.finish(snapshots.get().modules(), info);
            }
            if (io != null) {
                io.close();
            } else {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            buffers.give(in);
            buffers.give(out);
            metrics.connectionsOpen.decrementAndGet();
        }
    }

    private static long threadId() {
        String name = Thread.currentThread().getName();
        if (name.startsWith("conn-")) {
            try {
                return Long.parseLong(name, 5, name.length(), 10);
            } catch (NumberFormatException ignored) {
                // fall through
            }
        }
        return Thread.currentThread().threadId();
    }

    private String describe(SocketIo io, ConnectionInfo info) {
        if (io == null || info == null) {
            return "conn on " + listener;
        }
        return "conn-" + info.id() + " from " + info.remote() + " on " + listener + " (in " + io.bytesIn()
                + " B, out " + io.bytesOut() + " B, " + info.requests() + " requests)";
    }
}
