package io.portico.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes config files into a test's temporary directory and loads them. */
final class ConfigFiles {
    /** The smallest valid configuration; 8 lines. */
    static final String MINIMAL = """
            [[listener]]
            address = "127.0.0.1:8080"
            [[product.p.route]]
            condition = "default_t()"
            cluster = "c"
            [[cluster.c.subcluster.a.instance]]
            address = "127.0.0.1:9001"
            """;

    private final Path dir;

    ConfigFiles(Path dir) {
        this.dir = dir;
    }

    Path write(String name, String text) {
        Path file = dir.resolve(name);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    ProxyConfig load(String text) {
        return ConfigLoader.load(write("main.toml", text));
    }

    /** The errors of loading {@code text} as main.toml, each as {@code line: key: reason}. */
    List<String> errors(String text) {
        return errorsOf(write("main.toml", text));
    }

    static List<ConfigError> failures(Path file) {
        ConfigException[] caught = new ConfigException[1];
        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOfSatisfying(ConfigException.class, e -> caught[0] = e);
        return caught[0].errors();
    }

    static List<String> errorsOf(Path file) {
        return failures(file).stream().map(e -> e.line() + ": " + e.key() + ": " + e.reason()).toList();
    }
}
