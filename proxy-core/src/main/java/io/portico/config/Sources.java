package io.portico.config;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;

/**
 * Reads the main file and, depth first, every file its {@code include} globs name (relative to
 * the including file, matches in name order). A file reached a second time by another path is
 * read once; a file that includes itself, directly or not, is a cycle error. Globs skip hidden
 * names (starting with '.') as a shell does, which also keeps Kubernetes' {@code ..data} links
 * out. A literal path that does not exist is an error; a glob matching nothing is not.
 * Loading thread only.
 */
final class Sources {
    /** One parsed file: {@code path} as errors show it, {@code real} for identity. */
    record Source(Path path, Path real, TomlParseResult toml) {
    }

    private final Errors errors;
    private final List<Source> loaded = new ArrayList<>();
    private final Set<Path> seen = new HashSet<>();
    private final Deque<Path> stack = new ArrayDeque<>();
    private final Deque<Path> stackShown = new ArrayDeque<>();

    private Sources(Errors errors) {
        this.errors = errors;
    }

    static List<Source> load(Path main, Errors errors) {
        Sources sources = new Sources(errors);
        try {
            sources.visit(main, main.toRealPath());
        } catch (NoSuchFileException e) {
            errors.add(main, 0, "", "cannot read: no such file");
        } catch (IOException e) {
            errors.add(main, 0, "", "cannot read: " + e);
        }
        return List.copyOf(sources.loaded);
    }

    private void visit(Path path, Path real) throws IOException {
        seen.add(real);
        TomlParseResult toml = Toml.parse(real);
        for (TomlParseError e : toml.errors()) {
            int line = e.position() == null ? 0 : e.position().line();
            int column = e.position() == null ? 0 : e.position().column();
            errors.add(path, line, "", "syntax error at column " + column + ": " + e.getMessage());
        }
        loaded.add(new Source(path, real, toml));
        stack.push(real);
        stackShown.push(path);
        includes(path, toml);
        stack.pop();
        stackShown.pop();
    }

    private void includes(Path path, TomlParseResult toml) {
        Object value = toml.get(List.of("include"));
        if (value == null) {
            return;
        }
        int line = Tree.lineOf(toml.inputPositionOf(List.of("include")));
        if (!(value instanceof TomlArray array)) {
            errors.add(path, line, "include", "expected an array of file names or globs, got " + Tree.typeName(value));
            return;
        }
        Path dir = path.toAbsolutePath().normalize().getParent();
        for (int i = 0; i < array.size(); i++) {
            String key = Keys.index("include", i);
            int at = Tree.lineOf(array.inputPositionOf(i));
            if (!(array.get(i) instanceof String pattern) || pattern.isEmpty()) {
                errors.add(path, at, key, "expected a file name or glob");
                continue;
            }
            for (Path file : expand(path, at, key, pattern)) {
                include(path, at, key, relativeTo(path, dir, file));
            }
        }
    }

    private void include(Path includer, int line, String key, Path file) {
        Path real;
        try {
            real = file.toRealPath();
        } catch (NoSuchFileException e) {
            errors.add(includer, line, key, "no such file: " + file);
            return;
        } catch (IOException e) {
            errors.add(includer, line, key, "cannot read " + file + ": " + e);
            return;
        }
        if (stack.contains(real)) {
            List<Path> chain = new ArrayList<>(stackShown);
            java.util.Collections.reverse(chain);
            errors.add(includer, line, key, "include cycle: " + chain.stream().map(Path::toString)
                    .collect(Collectors.joining(" -> ")) + " -> " + file);
            return;
        }
        if (seen.contains(real)) {
            return;
        }
        try {
            visit(file, real);
        } catch (IOException e) {
            errors.add(includer, line, key, "cannot read " + file + ": " + e);
        }
    }

    /** Shows an included file next to its includer the way the user wrote the includer's path. */
    private static Path relativeTo(Path includer, Path dir, Path absolute) {
        return includer.isAbsolute() ? absolute : includer.resolveSibling(dir.relativize(absolute)).normalize();
    }

    private List<Path> expand(Path includer, int line, String key, String pattern) {
        Path dir = includer.toAbsolutePath().normalize().getParent();
        if (!hasGlob(pattern)) {
            return List.of(dir.resolve(pattern).normalize());
        }
        Path relative = Path.of(pattern);
        int literal = 0;
        while (literal < relative.getNameCount() - 1 && !hasGlob(relative.getName(literal).toString())) {
            literal++;
        }
        Path base = relative.isAbsolute() ? relative.getRoot() : dir;
        if (literal > 0) {
            base = base.resolve(relative.subpath(0, literal));
        }
        base = base.normalize();
        String rest = relative.subpath(literal, relative.getNameCount()).toString();
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + rest);
        int depth = rest.contains("**") ? Integer.MAX_VALUE : relative.getNameCount() - literal;
        Path root = base;
        try (Stream<Path> files = Files.walk(base, depth)) {
            return files.filter(f -> !f.equals(root))
                    .filter(f -> matcher.matches(root.relativize(f)) && !hidden(root.relativize(f)))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException | RuntimeException e) {
            errors.add(includer, line, key, "cannot list " + base + ": " + e.getMessage());
            return List.of();
        }
    }

    private static boolean hidden(Path relative) {
        for (Path name : relative) {
            if (name.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasGlob(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == '{') {
                return true;
            }
        }
        return false;
    }
}
