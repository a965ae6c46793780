package io.portico.module;

/**
 * Runs at {@link CallbackPoint#HANDLE_ACCEPT} (a connection was accepted) and
 * {@link CallbackPoint#HANDLE_HANDSHAKE} (its TLS handshake completed). May return
 * {@link Verdict#CONTINUE} or {@link Verdict#CLOSE}.
 */
@FunctionalInterface
public non-sealed interface AcceptHandler extends Handler {
    Verdict handle(Session session);
}
