package io.portico.module;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One of BFE's nine callback points, in data-path order. The type parameter is the handler kind
 * the point runs, so {@code register(CallbackPoint.HANDLE_ACCEPT, (req, resp) -> ...)} does not
 * compile. Which verdicts a point honours is data: {@link #honours(Verdict)}.
 *
 * <p><b>A verdict a point does not honour, or a null verdict, is a bug of the module that
 * returned it</b>, and the server treats it exactly like an exception thrown by that handler:
 * it is logged with the module and point, counted per module, and fails that request with a 500
 * (or closes the connection when no answer can be sent any more: at HandleAccept,
 * HandleHandshake, and once the response has started). It is never ignored silently.
 *
 * <p>Immutable; the nine constants are the only instances.
 */
public final class CallbackPoint<H extends Handler> {
    private static final int CONTINUE = 1;
    private static final int RESPOND = 1 << 1;
    private static final int REDIRECT = 1 << 2;
    private static final int FINISH = 1 << 3;
    private static final int CLOSE = 1 << 4;
    private static final int STREAM = 1 << 5;
    /** A streamed answer is honoured exactly where an in-memory one is. */
    private static final int ANSWER = RESPOND | STREAM;
    private static final int ANY = CONTINUE | ANSWER | REDIRECT | FINISH | CLOSE;

    /** A connection was accepted (before PROXY protocol and TLS). */
    public static final CallbackPoint<AcceptHandler> HANDLE_ACCEPT =
            new CallbackPoint<>("HandleAccept", 0, AcceptHandler.class, CONTINUE | CLOSE);
    /** The TLS handshake completed (TLS listeners only); {@link Session#tls()} is present. */
    public static final CallbackPoint<AcceptHandler> HANDLE_HANDSHAKE =
            new CallbackPoint<>("HandleHandshake", 1, AcceptHandler.class, CONTINUE | CLOSE);
    /** A request head was read; no product is known yet. Rewrites here affect routing. */
    public static final CallbackPoint<RequestHandler> HANDLE_BEFORE_LOCATION =
            new CallbackPoint<>("HandleBeforeLocation", 2, RequestHandler.class, ANY);
    /** The host table chose a product ({@link Request#product()} is present). */
    public static final CallbackPoint<RequestHandler> HANDLE_FOUND_PRODUCT =
            new CallbackPoint<>("HandleFoundProduct", 3, RequestHandler.class, ANY);
    /** A route rule chose a cluster ({@link Request#cluster()} is present). */
    public static final CallbackPoint<RequestHandler> HANDLE_AFTER_LOCATION =
            new CallbackPoint<>("HandleAfterLocation", 4, RequestHandler.class, ANY);
    /** A backend instance was chosen, once per try ({@link Request#backend()} is present). */
    public static final CallbackPoint<ForwardHandler> HANDLE_FORWARD =
            new CallbackPoint<>("HandleForward", 5, ForwardHandler.class, CONTINUE | ANSWER | FINISH | CLOSE);
    /** The response head was read; nothing was sent to the client yet. */
    public static final CallbackPoint<ResponseHandler> HANDLE_READ_RESPONSE =
            new CallbackPoint<>("HandleReadResponse", 6, ResponseHandler.class, CONTINUE | ANSWER | FINISH | CLOSE);
    /** The response was sent. {@link Verdict.Close} closes the connection instead of keeping it alive. */
    public static final CallbackPoint<ResponseHandler> HANDLE_REQUEST_FINISH =
            new CallbackPoint<>("HandleRequestFinish", 7, ResponseHandler.class, CONTINUE | CLOSE);
    /** The connection closed. Finish handlers return nothing. */
    public static final CallbackPoint<FinishHandler> HANDLE_FINISH =
            new CallbackPoint<>("HandleFinish", 8, FinishHandler.class, 0);

    private static final List<CallbackPoint<?>> VALUES = List.of(HANDLE_ACCEPT, HANDLE_HANDSHAKE,
            HANDLE_BEFORE_LOCATION, HANDLE_FOUND_PRODUCT, HANDLE_AFTER_LOCATION, HANDLE_FORWARD,
            HANDLE_READ_RESPONSE, HANDLE_REQUEST_FINISH, HANDLE_FINISH);

    private final String name;
    private final int ordinal;
    private final Class<H> handlerType;
    private final int honoured;

    private CallbackPoint(String name, int ordinal, Class<H> handlerType, int honoured) {
        this.name = name;
        this.ordinal = ordinal;
        this.handlerType = handlerType;
        this.honoured = honoured;
    }

    /** The nine points in data-path order; {@code values().get(p.ordinal()) == p}. */
    public static List<CallbackPoint<?>> values() {
        return VALUES;
    }

    /** The point with this BFE name, e.g. {@code "HandleFoundProduct"}. */
    public static Optional<CallbackPoint<?>> named(String name) {
        for (CallbackPoint<?> p : VALUES) {
            if (p.name.equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The BFE name, e.g. {@code "HandleAccept"}. */
    public String name() {
        return name;
    }

    /** The position in data-path order, 0..8. */
    public int ordinal() {
        return ordinal;
    }

    /** The handler kind this point runs. */
    public Class<H> handlerType() {
        return handlerType;
    }

    /** Whether the server acts on this verdict at this point; false for null. */
    public boolean honours(Verdict verdict) {
        return verdict != null && (honoured & bit(verdict)) != 0;
    }

    /** The verdict classes this point honours, in the order Continue, Respond, Stream, Redirect, Finish, Close. */
    public Set<Class<? extends Verdict>> honouredVerdicts() {
        Set<Class<? extends Verdict>> out = new LinkedHashSet<>();
        addIf(out, CONTINUE, Verdict.Continue.class);
        addIf(out, RESPOND, Verdict.Respond.class);
        addIf(out, STREAM, Verdict.Stream.class);
        addIf(out, REDIRECT, Verdict.Redirect.class);
        addIf(out, FINISH, Verdict.Finish.class);
        addIf(out, CLOSE, Verdict.Close.class);
        return Collections.unmodifiableSet(out);
    }

    private void addIf(Set<Class<? extends Verdict>> out, int bit, Class<? extends Verdict> type) {
        if ((honoured & bit) != 0) {
            out.add(type);
        }
    }

    private static int bit(Verdict verdict) {
        return switch (verdict) {
            case Verdict.Continue c -> CONTINUE;
            case Verdict.Respond r -> RESPOND;
            case Verdict.Stream s -> STREAM;
            case Verdict.Redirect r -> REDIRECT;
            case Verdict.Finish f -> FINISH;
            case Verdict.Close c -> CLOSE;
        };
    }

    @Override
    public String toString() {
        return name;
    }
}
