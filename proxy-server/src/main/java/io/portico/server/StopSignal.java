package io.portico.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM drains and stops the server on a thread of its own, so the process exits through
 * {@code main} with 0 once the drain is done, rather than with the 143 the JVM reports for a
 * signal that runs the shutdown hooks. Other exits (SIGINT, System.exit) still drain in the hook.
 */
final class StopSignal {
    private static final Logger LOG = LoggerFactory.getLogger(StopSignal.class);

    private StopSignal() {
    }

    /** Installs the handler; false where the platform has no SIGTERM to catch (the shutdown hook drains then). */
    static boolean install(PorticoServer server) {
        try {
            Signal.handle(new Signal("TERM"), signal -> Thread.ofPlatform().name("drain-sigterm").start(server::shutdown));
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LOG.debug("SIGTERM not catchable: {}", e.toString());
            return false;
        }
    }
}
