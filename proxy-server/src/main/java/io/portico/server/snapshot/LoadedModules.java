package io.portico.server.snapshot;

import io.portico.config.ModulesConfig;
import io.portico.module.HandlerRegistry;
import io.portico.module.HandlerTable;
import io.portico.module.MetricsRegistry;
import io.portico.module.ModuleCatalog;
import io.portico.module.ModuleContext;
import io.portico.module.ModuleSettings;
import io.portico.module.PorticoModule;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The modules of one config snapshot: fresh instances of the enabled modules, initialised in
 * order, their handlers frozen into a table, their background tasks. Closed when the snapshot
 * is retired. Built on the loading thread; the table is then shared read-only.
 */
public final class LoadedModules implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LoadedModules.class);

    private final List<PorticoModule> modules;
    private final HandlerTable table;
    private final List<Background> background;
    private final List<Thread> threads = new ArrayList<>();

    private record Background(String name, Runnable task) {
    }

    /** Module settings or names that do not work: one {@code file:line: key: reason} line each. */
    public static final class ModuleConfigException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final List<String> lines;

        ModuleConfigException(List<String> lines) {
            super(String.join("\n", lines));
            this.lines = List.copyOf(lines);
        }

        public List<String> lines() {
            return lines;
        }
    }

    private LoadedModules(List<PorticoModule> modules, HandlerTable table, List<Background> background) {
        this.modules = modules;
        this.table = table;
        this.background = background;
    }

    public static final LoadedModules NONE = new LoadedModules(List.of(), HandlerTable.EMPTY, List.of());

    /**
     * Creates and initialises the enabled modules in order.
     *
     * @throws ModuleConfigException naming every unknown module and every bad setting
     */
    public static LoadedModules load(ModulesConfig config, ModuleCatalog catalog, MetricsRegistry metrics) {
        if (config.enabled().isEmpty()) {
            return NONE;
        }
        List<String> errors = new ArrayList<>();
        HandlerRegistry registry = new HandlerRegistry();
        List<PorticoModule> created = new ArrayList<>();
        List<Background> background = new ArrayList<>();
        for (String name : config.enabled()) {
            var module = catalog.create(name);
            if (module.isEmpty()) {
                errors.add(config.errorAt(name, "", "no module named \"" + name + "\" in " + ModuleJars.searched(config)
                        + "; found: " + String.join(", ", new TreeSet<>(catalog.names()))).toString());
                continue;
            }
            PorticoModule m = module.get();
            created.add(m);
            java.nio.file.Path file = config.settingsFiles().getOrDefault(name, config.file());
            ModuleSettings settings = ModuleSettings.of(file, name, config.settings().get(name));
            ModuleContext ctx = ModuleContext.of(name, registry, settings,
                    LoggerFactory.getLogger("io.portico.module." + name), metrics,
                    (task, r) -> background.add(new Background("module-" + name + "-" + task, r)));
            try {
                m.init(ctx);
            } catch (RuntimeException e) {
                errors.add(config.errorAt(name, "", "module \"" + name + "\" failed to start: " + e.getMessage()).toString());
            }
            errors.addAll(settings.errors());
        }
        if (!errors.isEmpty()) {
            created.forEach(LoadedModules::closeQuietly);
            throw new ModuleConfigException(errors);
        }
        return new LoadedModules(List.copyOf(created), registry.freeze(), List.copyOf(background));
    }

    public HandlerTable table() {
        return table;
    }

    /** Starts the background tasks once the snapshot is in service. */
    public void start() {
        for (Background b : background) {
            threads.add(Thread.ofVirtual().name(b.name()).start(() -> {
                try {
                    b.task().run();
                } catch (RuntimeException e) {
                    LOG.warn("{} stopped: {}", b.name(), e.toString());
                }
            }));
        }
    }

    /** Stops background tasks (by interrupt) and closes the modules. */
    @Override
    public void close() {
        threads.forEach(Thread::interrupt);
        for (Thread t : threads) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        modules.forEach(LoadedModules::closeQuietly);
    }

    private static void closeQuietly(PorticoModule m) {
        try {
            m.close();
        } catch (RuntimeException e) {
            LOG.warn("module {} failed to close: {}", m.name(), e.toString());
        }
    }
}
