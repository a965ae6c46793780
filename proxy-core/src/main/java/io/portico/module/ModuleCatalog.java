package io.portico.module;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * The modules a class loader offers through {@link ServiceLoader}, by name. Discovery does not
 * stop at a broken provider: it is listed in {@link #problems()} with the others. Immutable.
 */
public final class ModuleCatalog {
    // A loop bound only: a broken class path that repeats an error forever must not hang the loader.
    private static final int MAX_PROVIDERS = 1024;

    private final Map<String, ServiceLoader.Provider<PorticoModule>> byName;
    private final List<String> problems;

    private ModuleCatalog(Map<String, ServiceLoader.Provider<PorticoModule>> byName, List<String> problems) {
        this.byName = byName;
        this.problems = problems;
    }

    /** Finds every {@code META-INF/services/io.portico.module.PorticoModule} provider visible to {@code loader}. */
    public static ModuleCatalog discover(ClassLoader loader) {
        Map<String, ServiceLoader.Provider<PorticoModule>> byName = new TreeMap<>();
        Map<String, String> classByName = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        Iterator<ServiceLoader.Provider<PorticoModule>> it =
                ServiceLoader.load(PorticoModule.class, loader).stream().iterator();
        for (int seen = 0; seen < MAX_PROVIDERS; seen++) {
            ServiceLoader.Provider<PorticoModule> provider;
            String name;
            try {
                if (!it.hasNext()) {
                    break;
                }
                provider = it.next();
                name = provider.get().name();
            } catch (ServiceConfigurationError | RuntimeException e) {
                problems.add("a module provider failed to load: " + e.getMessage());
                continue;
            }
            String type = provider.type().getName();
            if (name == null || name.isBlank()) {
                problems.add("module " + type + " has no name");
            } else if (byName.containsKey(name)) {
                problems.add("module name \"" + name + "\" is claimed by both " + classByName.get(name) + " and " + type);
            } else {
                byName.put(name, provider);
                classByName.put(name, type);
            }
        }
        return new ModuleCatalog(Collections.unmodifiableMap(byName), List.copyOf(problems));
    }

    /** The module names found, sorted. */
    public Set<String> names() {
        return byName.keySet();
    }

    /** A fresh instance of the named module. */
    public Optional<PorticoModule> create(String name) {
        ServiceLoader.Provider<PorticoModule> provider = byName.get(name);
        return provider == null ? Optional.empty() : Optional.of(provider.get());
    }

    /** Providers that could not be loaded or named, and names claimed twice; empty when all is well. */
    public List<String> problems() {
        return problems;
    }
}
