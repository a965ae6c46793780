package io.portico.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tomlj.Toml;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * {@code [modules]}. Module names are not checked here: modules are discovered at run time, and
 * their loader reports unknown names and bad settings through {@link #errorAt}.
 *
 * @param enabled       module names in callback order, each once
 * @param dir           extra module jars; resolved against the file naming it, an existing directory
 * @param settings      each {@code [modules.NAME]} section as parsed, by module name, in file order
 * @param settingsFiles the file each section was written in
 * @param file          the file holding {@code modules.enabled} (the main file when there is none)
 * @param enabledLines  the line of each {@code enabled} entry, same order as {@code enabled}
 */
public record ModulesConfig(List<String> enabled, Optional<Path> dir, Map<String, TomlTable> settings,
                            Map<String, Path> settingsFiles, Path file, List<Integer> enabledLines) {
    public ModulesConfig {
        enabled = List.copyOf(enabled);
        settings = Maps.ordered(settings);
        settingsFiles = Maps.ordered(settingsFiles);
        enabledLines = List.copyOf(enabledLines);
        if (enabledLines.size() != enabled.size()) {
            throw new IllegalArgumentException("one line per enabled module");
        }
    }

    /** The settings of one module; an empty table when it has no section. */
    public TomlTable settings(String module) {
        TomlTable table = settings.get(module);
        return table != null ? table : Toml.parse("");
    }

    /**
     * A located error for a module loader: with an empty {@code key} it points at the module's
     * entry in {@code modules.enabled} (for "no such module"), else at {@code modules.MODULE.KEY}.
     */
    public ConfigError errorAt(String module, String key, String reason) {
        int index = enabled.indexOf(module);
        if (key.isEmpty() && index >= 0) {
            return new ConfigError(file, enabledLines.get(index), "modules.enabled[" + index + "]", reason);
        }
        String path = Keys.join(Keys.join("modules", module), key);
        TomlTable table = settings.get(module);
        if (table == null) {
            return new ConfigError(file, 0, path, reason);
        }
        TomlPosition at = key.isEmpty() ? null : table.inputPositionOf(List.of(key));
        return new ConfigError(settingsFiles.get(module), at == null ? 0 : at.line(), path, reason);
    }
}
