package io.portico.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tomlj.TomlTable;

/** Binds {@code [modules]}: the enabled list, the jar directory, and each module's own section, kept as parsed. */
final class ModulesBinder {
    private ModulesBinder() {
    }

    static ModulesConfig modules(Optional<Section> section, Path mainFile) {
        if (section.isEmpty()) {
            return new ModulesConfig(List.of(), Optional.empty(), Map.of(), Map.of(), mainFile, List.of());
        }
        Section m = section.get();
        m.allow("enabled", "dir");
        List<String> enabled = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        Path file = m.raw("enabled").map(Tree.Val::file).orElse(mainFile);
        for (Section.Located item : m.strings("enabled").orElse(List.of())) {
            int earlier = enabled.indexOf(item.value());
            if (item.value().isEmpty()) {
                m.errors().at(item.where(), item.keyPath(), "must name a module");
            } else if (earlier >= 0) {
                m.errors().at(item.where(), item.keyPath(),
                        "\"" + item.value() + "\" is enabled twice (also modules.enabled[" + earlier + "])");
            } else {
                enabled.add(item.value());
                lines.add(item.where().line());
            }
        }
        Optional<Path> dir = m.directory("dir");
        Map<String, TomlTable> settings = new LinkedHashMap<>();
        Map<String, Path> files = new LinkedHashMap<>();
        for (String key : m.keys()) {
            if (key.equals("enabled") || key.equals("dir")) {
                continue;
            }
            Tree.Val val = m.raw(key).orElseThrow();
            if (val.value() instanceof Tree tree) {
                settings.put(key, tree.source);
                files.put(key, tree.file);
            } else {
                m.error(key, "expected a table [" + m.keyPath(key) + "] of module settings, got "
                        + Tree.typeName(val.value()) + "; allowed keys: enabled, dir; or a module's table");
            }
        }
        return new ModulesConfig(enabled, dir, settings, files, file, lines);
    }
}
