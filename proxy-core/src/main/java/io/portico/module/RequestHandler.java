package io.portico.module;

/**
 * Runs at {@link CallbackPoint#HANDLE_BEFORE_LOCATION}, {@link CallbackPoint#HANDLE_FOUND_PRODUCT}
 * and {@link CallbackPoint#HANDLE_AFTER_LOCATION}, once per request. May return any verdict.
 */
@FunctionalInterface
public non-sealed interface RequestHandler extends Handler {
    Verdict handle(Request request);
}
