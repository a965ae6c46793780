package io.portico.server.snapshot;

import io.portico.config.ModulesConfig;
import io.portico.module.ModuleCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds modules: on the classpath (the built-in ones and any jar the user put there) and in
 * the jars of {@code [modules].dir}, loaded by a class loader of their own. The catalog is kept
 * while the directory's jars are unchanged, so a reload does not load classes again.
 * Used by the thread that loads configs.
 */
public final class ModuleJars {
    private static final Logger LOG = LoggerFactory.getLogger(ModuleJars.class);

    private final ClassLoader parent;
    private final ModuleCatalog classpath;
    private Optional<Path> cachedDir = Optional.empty();
    private List<String> cachedJars = List.of();
    private ModuleCatalog cached;

    public ModuleJars(ClassLoader parent) {
        this.parent = parent;
        this.classpath = ModuleCatalog.discover(parent);
        classpath.problems().forEach(p -> LOG.warn("modules: {}", p));
    }

    /** The modules available to this config: the classpath's plus those in its {@code dir}. */
    public ModuleCatalog catalog(ModulesConfig config) {
        if (config.dir().isEmpty()) {
            return classpath;
        }
        Path dir = config.dir().get();
        List<Path> jars = jars(dir);
        List<String> stamp = jars.stream().map(ModuleJars::stamp).toList();
        if (cached != null && cachedDir.equals(config.dir()) && cachedJars.equals(stamp)) {
            return cached;
        }
        List<URL> urls = new ArrayList<>();
        for (Path jar : jars) {
            try {
                urls.add(jar.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        }
        ModuleCatalog catalog = ModuleCatalog.discover(new URLClassLoader("modules-" + dir.getFileName(),
                urls.toArray(URL[]::new), parent));
        catalog.problems().forEach(p -> LOG.warn("modules in {}: {}", dir, p));
        LOG.info("modules: {} jars in {}", jars.size(), dir);
        cachedDir = config.dir();
        cachedJars = stamp;
        cached = catalog;
        return catalog;
    }

    /** Where modules were looked for, for "no module named" errors. */
    static String searched(ModulesConfig config) {
        return config.dir().map(d -> "the classpath and " + d + "/*.jar").orElse("the classpath");
    }

    private static List<Path> jars(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list modules dir " + dir, e);
        }
    }

    private static String stamp(Path jar) {
        try {
            return jar + "@" + Files.getLastModifiedTime(jar).toMillis() + "/" + Files.size(jar);
        } catch (IOException e) {
            return jar.toString();
        }
    }
}
