package io.portico.module;

/**
 * Runs at {@link CallbackPoint#HANDLE_READ_RESPONSE} (the response head was read, nothing sent to
 * the client yet) and {@link CallbackPoint#HANDLE_REQUEST_FINISH} (the response was sent).
 * See {@link CallbackPoint#honours(Verdict)} for what each point accepts.
 */
@FunctionalInterface
public non-sealed interface ResponseHandler extends Handler {
    Verdict handle(Request request, Response response);
}
