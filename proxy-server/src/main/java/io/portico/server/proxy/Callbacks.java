package io.portico.server.proxy;

import io.portico.module.AcceptHandler;
import io.portico.module.CallbackPoint;
import io.portico.module.FinishHandler;
import io.portico.module.Handler;
import io.portico.module.HandlerTable;
import io.portico.module.Request;
import io.portico.module.RequestHandler;
import io.portico.module.Response;
import io.portico.module.ResponseHandler;
import io.portico.module.Session;
import io.portico.module.Verdict;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the handlers registered at one callback point, in module order, until one returns a
 * verdict other than {@link Verdict#CONTINUE}. A handler that throws, returns null or returns a
 * verdict its point does not honour becomes a {@link ModuleFailure}. Stateless.
 */
public final class Callbacks {
    private static final Logger LOG = LoggerFactory.getLogger(Callbacks.class);

    private Callbacks() {
    }

    public static Verdict accept(HandlerTable t, CallbackPoint<AcceptHandler> p, Session s) {
        return t.has(p) ? run(t, p, h -> h.handle(s)) : Verdict.CONTINUE;
    }

    static Verdict request(HandlerTable t, CallbackPoint<RequestHandler> p, Request r) {
        return t.has(p) ? run(t, p, h -> h.handle(r)) : Verdict.CONTINUE;
    }

    static Verdict forward(HandlerTable t, Request r) {
        return t.has(CallbackPoint.HANDLE_FORWARD) ? run(t, CallbackPoint.HANDLE_FORWARD, h -> h.handle(r)) : Verdict.CONTINUE;
    }

    static Verdict response(HandlerTable t, CallbackPoint<ResponseHandler> p, Request r, Response resp) {
        return t.has(p) ? run(t, p, h -> h.handle(r, resp)) : Verdict.CONTINUE;
    }

    /** HandleFinish observes only: a failing handler is logged and the others still run. */
    public static void finish(HandlerTable t, Session s) {
        FinishHandler[] hs = t.handlers(CallbackPoint.HANDLE_FINISH);
        for (int i = 0; i < hs.length; i++) {
            try {
                hs[i].handle(s);
            } catch (RuntimeException e) {
                LOG.warn("{}", failure(t, CallbackPoint.HANDLE_FINISH, i, e).getMessage());
            }
        }
    }

    private static <H extends Handler> Verdict run(HandlerTable t, CallbackPoint<H> p, Function<H, Verdict> call) {
        H[] hs = t.handlers(p);
        for (int i = 0; i < hs.length; i++) {
            Verdict v;
            try {
                v = call.apply(hs[i]);
            } catch (RuntimeException e) {
                throw failure(t, p, i, e);
            }
            if (v == null) {
                throw new ModuleFailure(t.module(p, i), p.name(), "returned no verdict", null);
            }
            if (!p.honours(v)) {
                throw new ModuleFailure(t.module(p, i), p.name(), "returned " + v.getClass().getSimpleName()
                        + ", which " + p.name() + " does not honour", null);
            }
            if (!(v instanceof Verdict.Continue)) {
                return v;
            }
        }
        return Verdict.CONTINUE;
    }

    private static ModuleFailure failure(HandlerTable t, CallbackPoint<?> p, int i, RuntimeException e) {
        return new ModuleFailure(t.module(p, i), p.name(), "threw " + e, e);
    }
}
