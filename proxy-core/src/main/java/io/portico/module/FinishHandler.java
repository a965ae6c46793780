package io.portico.module;

/** Runs at {@link CallbackPoint#HANDLE_FINISH}, when a connection has closed. Observes only. */
@FunctionalInterface
public non-sealed interface FinishHandler extends Handler {
    void handle(Session session);
}
