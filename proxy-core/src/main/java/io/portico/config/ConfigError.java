package io.portico.config;

import java.nio.file.Path;

/**
 * One configuration error, located as precisely as the source allows.
 *
 * @param file   the file the error is in, as the loader reached it (the main file as given,
 *               included files resolved against their includer)
 * @param line   1-based line in {@code file}; 0 when no line applies (a file that cannot be
 *               read, a key required at the top level)
 * @param key    the key path ({@code cluster.web.pool.idle_timeout},
 *               {@code product.www.route[1].condition}, {@code listener[0].address});
 *               empty when the error is not about a key (a syntax error, a missing file)
 * @param reason what is wrong and what was expected
 */
public record ConfigError(Path file, int line, String key, String reason) {

    /** {@code file:line: key: reason}, leaving out {@code :line} when it is 0 and {@code key: } when empty. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder().append(file);
        if (line > 0) {
            s.append(':').append(line);
        }
        s.append(": ");
        if (!key.isEmpty()) {
            s.append(key).append(": ");
        }
        return s.append(reason).toString();
    }
}
