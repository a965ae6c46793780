package io.portico.server.proxy;

import io.portico.module.CallbackPoint;
import io.portico.module.HandlerTable;
import io.portico.module.Verdict;
import io.portico.server.connection.ConnectionHooks;
import io.portico.server.connection.ConnectionInfo;
import io.portico.server.metrics.ServerMetrics;
import io.portico.server.snapshot.Snapshot;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The modules' connection callbacks (HandleAccept, HandleHandshake, HandleFinish) of the config
 * in service. A module that fails at one is counted and logged, and its connection closed: the
 * barrier of one module never becomes the process's problem. Shared; stateless.
 */
public final class ConnectionCallbacks implements ConnectionHooks {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionCallbacks.class);

    private final Supplier<Snapshot> snapshots;
    private final ServerMetrics metrics;

    public ConnectionCallbacks(Supplier<Snapshot> snapshots, ServerMetrics metrics) {
        this.snapshots = snapshots;
        this.metrics = metrics;
    }

    @Override
    public boolean accepted(ConnectionInfo info) {
        return goesOn(CallbackPoint.HANDLE_ACCEPT, info);
    }

    @Override
    public boolean handshaken(ConnectionInfo info) {
        return goesOn(CallbackPoint.HANDLE_HANDSHAKE, info);
    }

    @Override
    public void finished(ConnectionInfo info) {
        Callbacks.finish(snapshots.get().modules(), info);
    }

    private boolean goesOn(CallbackPoint<io.portico.module.AcceptHandler> point, ConnectionInfo info) {
        HandlerTable modules = snapshots.get().modules();
        try {
            return !(Callbacks.accept(modules, point, info) instanceof Verdict.Close);
        } catch (ModuleFailure e) {
            metrics.moduleError(e.module());
            LOG.warn("conn-{} from {} on {}: {}", info.id(), info.remote(), info.listener(), e.getMessage());
            return false;
        }
    }
}
