package io.portico.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges the files of one configuration into one {@link Tree}. The top level and the namespace
 * tables {@code [cluster]}, {@code [product]}, {@code [hosts]}, {@code [modules]} and {@code [tls]}
 * merge key by key; everything below them (a whole cluster, a whole product with its routes, a
 * module's section, {@code [server]}, {@code [admin]}, one host entry) belongs to one file, and a
 * second file defining it is an error naming both. {@code [[listener]]} and
 * {@code [[tls.certificate]]} entries are concatenated in load order.
 */
final class Merger {
    private static final Set<String> NAMESPACES = Set.of("cluster", "product", "hosts", "modules", "tls");
    private static final Set<String> CONCATENATED = Set.of("listener", "tls.certificate");

    private Merger() {
    }

    static Tree merge(List<Sources.Source> sources, Path main, Errors errors) {
        Tree root = new Tree(main, 0, null);
        for (Sources.Source source : sources) {
            mergeInto(root, Tree.of(source.toml(), source.path(), 0, "include"), "", errors);
        }
        return root;
    }

    private static void mergeInto(Tree target, Tree incoming, String path, Errors errors) {
        for (Map.Entry<String, Tree.Val> entry : incoming.entries.entrySet()) {
            String key = entry.getKey();
            Tree.Val val = entry.getValue();
            Tree.Val existing = target.entries.get(key);
            String keyPath = Keys.join(path, key);
            if (existing == null) {
                target.entries.put(key, val);
            } else if (path.isEmpty() && NAMESPACES.contains(key)
                    && existing.value() instanceof Tree into && val.value() instanceof Tree from) {
                mergeInto(into, from, keyPath, errors);
            } else if (CONCATENATED.contains(keyPath)
                    && existing.value() instanceof List<?> before && val.value() instanceof List<?> more) {
                List<Object> all = new ArrayList<>(before);
                all.addAll(more);
                target.entries.put(key, new Tree.Val(List.copyOf(all), existing.file(), existing.line()));
            } else {
                errors.at(val, keyPath, "already defined in " + existing.file() + ":" + existing.line()
                        + " (each key belongs to one file)");
            }
        }
    }
}
