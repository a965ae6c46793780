package io.portico.module;

import java.util.Objects;

/** A handler and the module that registered it, for the exception barrier's log line and the status page. */
public record Registered<H extends Handler>(String module, CallbackPoint<H> point, H handler) {
    public Registered {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(point, "point");
        Objects.requireNonNull(handler, "handler");
    }
}
