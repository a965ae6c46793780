package io.portico.module;

/**
 * Runs at {@link CallbackPoint#HANDLE_FORWARD}, once per try, after the backend instance was
 * chosen ({@link Request#backend()} is present) and before the request is sent to it; a retry
 * runs it again with the new instance. May return {@link Verdict.Continue}, an answer
 * ({@link Verdict.Respond}, {@link Verdict.Finish}) that stops the request, or {@link Verdict.Close}.
 */
@FunctionalInterface
public non-sealed interface ForwardHandler extends Handler {
    Verdict handle(Request request);
}
