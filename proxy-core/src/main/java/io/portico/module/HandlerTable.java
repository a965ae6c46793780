package io.portico.module;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;

/**
 * The handlers of one configuration, one array per callback point in registration order.
 * Immutable and shared by every request thread; the server loops over
 * {@link #handlers(CallbackPoint)} with no lookup beyond an array index.
 */
public final class HandlerTable {
    /** No handler at any point. */
    public static final HandlerTable EMPTY = new HandlerTable(List.of());

    private final Handler[][] handlers;
    private final String[][] modules;
    private final List<List<Registered<?>>> registered;

    HandlerTable(List<Registered<?>> all) {
        int points = CallbackPoint.values().size();
        handlers = new Handler[points][];
        modules = new String[points][];
        List<List<Registered<?>>> byPoint = new ArrayList<>(points);
        for (CallbackPoint<?> point : CallbackPoint.values()) {
            List<Registered<?>> here = new ArrayList<>();
            for (Registered<?> r : all) {
                if (r.point() == point) {
                    here.add(r);
                }
            }
            // An array of the point's own handler type, so the cast in handlers() is checked at runtime too.
            Handler[] hs = (Handler[]) Array.newInstance(point.handlerType(), here.size());
            String[] ms = new String[here.size()];
            for (int i = 0; i < hs.length; i++) {
                hs[i] = here.get(i).handler();
                ms[i] = here.get(i).module();
            }
            handlers[point.ordinal()] = hs;
            modules[point.ordinal()] = ms;
            byPoint.add(List.copyOf(here));
        }
        registered = List.copyOf(byPoint);
    }

    /** The handlers at this point in order. The array is the table's own: never modify it. */
    @SuppressWarnings("unchecked")
    public <H extends Handler> H[] handlers(CallbackPoint<H> point) {
        return (H[]) handlers[point.ordinal()];
    }

    /** The module that registered {@code handlers(point)[index]}. */
    public String module(CallbackPoint<?> point, int index) {
        return modules[point.ordinal()][index];
    }

    /** Whether any handler runs at this point. */
    public boolean has(CallbackPoint<?> point) {
        return handlers[point.ordinal()].length > 0;
    }

    /** The registrations at this point, in order. */
    @SuppressWarnings("unchecked")
    public <H extends Handler> List<Registered<H>> registered(CallbackPoint<H> point) {
        return (List<Registered<H>>) (List<?>) registered.get(point.ordinal());
    }
}
