package io.portico.module;

/**
 * A module callback. There are exactly five kinds, one per group of {@link CallbackPoint}s; the
 * point's type parameter names the kind it accepts, so a handler can only be registered where it
 * fits. Handlers run on the connection's or the request's thread, must not block for long, and
 * are shared by every connection: keep per-connection or per-request state in
 * {@link Session#attributes()} or {@link Request#attributes()}, not in fields.
 */
public sealed interface Handler permits AcceptHandler, RequestHandler, ForwardHandler, ResponseHandler, FinishHandler {
}
