package io.portico.server;

import io.portico.config.ConfigException;
import io.portico.server.snapshot.LoadedModules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGHUP reloads the config, as {@code POST /reload} does (for systemd's ExecReload and for
 * {@code kill -HUP}). The signal thread only starts a virtual thread that reloads and logs the
 * outcome; a bad config is refused and the old one keeps serving.
 */
final class ReloadSignal {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadSignal.class);

    private ReloadSignal() {
    }

    /** Installs the handler; false where the platform has no SIGHUP (the admin port still reloads). */
    static boolean install(PorticoServer server) {
        try {
            Signal.handle(new Signal("HUP"), signal -> Thread.ofVirtual().name("reload-sighup").start(() -> reload(server)));
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LOG.debug("SIGHUP not available: {}", e.toString());
            return false;
        }
    }

    static void reload(PorticoServer server) {
        try {
            server.reload();
        } catch (ConfigException e) {
            LOG.warn("reload refused (SIGHUP): {} errors; config version {} keeps serving: {}", e.errors().size(),
                    server.snapshot().version(), e.getMessage().replace("\n", "; "));
        } catch (LoadedModules.ModuleConfigException e) {
            LOG.warn("reload refused (SIGHUP): {} module errors; config version {} keeps serving: {}", e.lines().size(),
                    server.snapshot().version(), String.join("; ", e.lines()));
        } catch (RuntimeException e) {
            LOG.warn("reload refused (SIGHUP): {}; config version {} keeps serving", e.getMessage(), server.snapshot().version());
        }
    }
}
