package io.portico.server.bfe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Files that BFE's rule data name (document roots, error pages, user files). BFE opens them as
 * given, from its working directory: its own samples write {@code ./conf/...} (BFE started from
 * the directory above {@code conf/}) and {@code ../conf/...} (started from its {@code bin/}). A
 * relative name is looked up from those two places, then from the conf directory itself; the first
 * that holds it is written as an absolute path, so Portico finds it wherever its config lives.
 */
final class BfeFiles {
    private BfeFiles() {
    }

    /** The places a relative name is looked up from, in order. */
    static List<Path> bases(Path confDir) {
        Path conf = confDir.toAbsolutePath().normalize();
        Path above = conf.getParent() == null ? conf : conf.getParent();
        Set<Path> out = new LinkedHashSet<>(List.of(above, above.resolve("bin"), conf));
        return List.copyOf(out);
    }

    /** The existing file or directory {@code name} names, absolute and normalised; empty when none of the places holds it. */
    static Optional<Path> find(Path confDir, String name, boolean directory) {
        Path given = Path.of(name);
        List<Path> candidates = given.isAbsolute() ? List.of(given) : bases(confDir).stream().map(b -> b.resolve(name)).toList();
        for (Path c : candidates) {
            Path p = c.toAbsolutePath().normalize();
            if (directory ? Files.isDirectory(p) : Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** "NAME not found (looked from A, B, C)", for warnings. */
    static String notFound(Path confDir, String name) {
        if (Path.of(name).isAbsolute()) {
            return name + " not found";
        }
        return name + " not found (looked from " + String.join(", ", bases(confDir).stream().map(Path::toString).toList()) + ")";
    }
}
