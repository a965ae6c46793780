package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The packages of the main sources form no cycle (DESIGN.md's layering), found from their imports. */
class PackageCyclesTest {
    private static final List<Path> SOURCES = List.of(Path.of("../proxy-core/src/main/java"),
            Path.of("src/main/java"), Path.of("../proxy-modules/src/main/java"));

    @Test
    void noPackageOfTheMainSourcesDependsOnItselfThroughOthers() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        for (Path root : SOURCES) {
            assertThat(root).isDirectory();
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(f -> read(f, uses));
            }
        }
        assertThat(uses).containsKeys("io.portico.server", "io.portico.server.http1", "io.portico.http");
        assertThat(cycles(uses)).isEmpty();
    }

    @Test
    void aCycleIsFound() {
        Map<String, Set<String>> uses = new TreeMap<>();
        uses.put("a", Set.of("b"));
        uses.put("b", Set.of("c"));
        uses.put("c", Set.of("a"));
        uses.put("d", Set.of("a"));
        assertThat(cycles(uses)).containsExactly(new TreeSet<>(List.of("a", "b", "c")));
    }

    private static void read(Path file, Map<String, Set<String>> uses) {
        String pkg = null;
        Set<String> used = new TreeSet<>();
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith("package ")) {
                    pkg = line.substring(8, line.indexOf(';'));
                } else if (line.startsWith("import ")) {
                    String name = line.substring(line.startsWith("import static ") ? 14 : 7, line.indexOf(';'));
                    String owner = packageOf(name);
                    if (owner.startsWith("io.portico")) {
                        used.add(owner);
                    }
                } else {
                    int at = line.indexOf("io.portico.");
                    if (at >= 0 && !line.trim().startsWith("*") && !line.trim().startsWith("//")) {
                        int end = at;
                        while (end < line.length() && (Character.isJavaIdentifierPart(line.charAt(end))
                                || line.charAt(end) == '.')) {
                            end++;
                        }
                        used.add(packageOf(line.substring(at, end)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        used.remove(pkg);
        uses.computeIfAbsent(pkg, p -> new TreeSet<>()).addAll(used);
    }

    /** The package part of a qualified name: the segments before the first upper-case one. */
    private static String packageOf(String qualified) {
        StringBuilder pkg = new StringBuilder();
        for (String part : qualified.split("\\.")) {
            if (part.isEmpty() || Character.isUpperCase(part.charAt(0)) || part.equals("*")) {
                break;
            }
            if (!pkg.isEmpty()) {
                pkg.append('.');
            }
            pkg.append(part);
        }
        return pkg.toString();
    }

    /** Strongly connected components with more than one package (Tarjan). */
    private static List<Set<String>> cycles(Map<String, Set<String>> uses) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        List<Set<String>> found = new ArrayList<>();
        for (String p : uses.keySet()) {
            if (!index.containsKey(p)) {
                connect(p, uses, index, low, stack, found);
            }
        }
        return found;
    }

    private static void connect(String v, Map<String, Set<String>> uses, Map<String, Integer> index,
                                Map<String, Integer> low, Deque<String> stack, List<Set<String>> found) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        for (String w : uses.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, uses, index, low, stack, found);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (stack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                found.add(component);
            }
        }
    }
}
