package io.portico.testing;

import io.portico.module.CallbackPoint;
import io.portico.module.Handler;
import io.portico.module.HandlerRegistry;
import io.portico.module.HandlerTable;
import io.portico.module.ModuleContext;
import io.portico.module.ModuleSettings;
import io.portico.module.PorticoModule;
import io.portico.module.SimpleMetricsRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;
import org.tomlj.Toml;
import org.tomlj.TomlTable;

/**
 * A module initialised the way the server does it, without a server: its settings parsed from
 * TOML, its handlers registered and frozen into a table, its background tasks listed by name
 * (not run).
 */
public final class ModuleHarness {
    private ModuleHarness() {
    }

    /** What {@code init} left behind. */
    public record Loaded(HandlerTable table, ModuleSettings settings, List<String> background) {
        /** The settings errors {@code init} reported; empty when the settings were fine. */
        public List<String> errors() {
            return settings.errors();
        }

        /** The one handler the module registered at {@code point}; fails when it registered none or several. */
        public <H extends Handler> H handler(CallbackPoint<H> point) {
            H[] handlers = table.handlers(point);
            if (handlers.length != 1) {
                throw new AssertionError(handlers.length + " handlers at " + point + ", expected one");
            }
            return handlers[0];
        }
    }

    /** Initialises {@code module} with {@code settingsToml}: the keys of its own table, as under {@code [modules.NAME]}. */
    public static Loaded load(PorticoModule module, String settingsToml) {
        return load(module, Toml.parse(settingsToml));
    }

    /** Initialises {@code module} with the table {@code [modules.NAME]} of a whole config text (an empty one when absent). */
    public static Loaded loadFromConfig(PorticoModule module, String configToml) {
        TomlTable table = Toml.parse(configToml).getTable(List.of("modules", module.name()));
        return load(module, table == null ? Toml.parse("") : table);
    }

    private static Loaded load(PorticoModule module, TomlTable table) {
        ModuleSettings settings = ModuleSettings.of("portico.toml", module.name(), table);
        HandlerRegistry registry = new HandlerRegistry();
        List<String> background = new CopyOnWriteArrayList<>();
        module.init(ModuleContext.of(module.name(), registry, settings, LoggerFactory.getLogger(module.name()),
                new SimpleMetricsRegistry(), (name, task) -> background.add(name)));
        return new Loaded(registry.freeze(), settings, background);
    }
}
