package io.portico.module;

import java.util.Objects;
import java.util.function.BiConsumer;
import org.slf4j.Logger;

/** The plain {@link ModuleContext}: everything delegated to what the server supplied. */
record DefaultModuleContext(String module, HandlerRegistry registry, ModuleSettings settings, Logger logger,
                            MetricsRegistry metrics, BiConsumer<String, Runnable> background)
        implements ModuleContext {

    DefaultModuleContext {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(logger, "logger");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(background, "background");
    }

    @Override
    public <H extends Handler> void register(CallbackPoint<H> point, H handler) {
        registry.register(module, point, handler);
    }

    @Override
    public void startBackground(String name, Runnable task) {
        background.accept(Objects.requireNonNull(name, "name"), Objects.requireNonNull(task, "task"));
    }
}
