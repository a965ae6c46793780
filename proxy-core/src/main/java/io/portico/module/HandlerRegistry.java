package io.portico.module;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects handler registrations while modules initialise, in the order modules are enabled
 * and, within a module, in the order it registers; {@link #freeze()} turns them into a
 * {@link HandlerTable}. Used by the thread that loads the configuration; registering after the
 * freeze (say from a module's background task) throws.
 */
public final class HandlerRegistry {
    private final List<Registered<?>> registrations = new ArrayList<>();
    private volatile boolean frozen;

    public <H extends Handler> void register(String module, CallbackPoint<H> point, H handler) {
        if (frozen) {
            throw new IllegalStateException("module " + module + " registered at " + point
                    + " after the handler table was built: register only during init");
        }
        registrations.add(new Registered<>(module, point, point.handlerType().cast(handler)));
    }

    /** Builds the table; the registry accepts no more registrations afterwards. */
    public HandlerTable freeze() {
        frozen = true;
        return new HandlerTable(registrations);
    }
}
