package io.portico.module;

import io.portico.route.Condition;
import io.portico.route.Conditions;
import java.util.function.BiConsumer;
import org.slf4j.Logger;

/** What a module gets during {@link PorticoModule#init}: valid only until init returns, on the loading thread. */
public interface ModuleContext {

    /** The module's name. */
    String module();

    /**
     * Registers a handler at a point; handlers run in the order their modules are enabled, then
     * in the order of registration. The point's type admits only its own handler kind:
     * {@code register(CallbackPoint.HANDLE_ACCEPT, (request, response) -> ...)} does not compile.
     */
    <H extends Handler> void register(CallbackPoint<H> point, H handler);

    /** The module's table, {@code [modules.NAME]}. */
    ModuleSettings settings();

    Logger logger();

    MetricsRegistry metrics();

    /**
     * Runs {@code task} on its own thread, named {@code module-<module>-<name>}, once the
     * configuration that created this module goes into service (never, if it is rejected). The
     * server stops it by interrupting that thread before {@link PorticoModule#close()}: the task
     * must return soon after an interrupt (end on {@link InterruptedException}, check
     * {@link Thread#interrupted()} in loops). An exception ends the task and is logged.
     */
    void startBackground(String name, Runnable task);

    /**
     * Compiles a condition expression (the route condition language) once, at init.
     *
     * @throws io.portico.route.ConditionException when it does not compile; prefer
     *         {@link ModuleSettings#condition}, which records the error with its location
     */
    default Condition condition(String expression) {
        return Conditions.compile(expression);
    }

    /**
     * A context that registers into {@code registry} under {@code module} and hands background
     * tasks to {@code background} (called with the task's name and the task): what the server
     * passes to {@code init}, and what a module's own tests can use.
     */
    static ModuleContext of(String module, HandlerRegistry registry, ModuleSettings settings, Logger logger,
                            MetricsRegistry metrics, BiConsumer<String, Runnable> background) {
        return new DefaultModuleContext(module, registry, settings, logger, metrics, background);
    }
}
