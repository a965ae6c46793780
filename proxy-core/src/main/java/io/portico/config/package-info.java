/**
 * Portico's TOML configuration: {@link io.portico.config.ConfigLoader#load} reads a file (and the
 * files it includes), checks all of it, and returns an immutable {@link io.portico.config.ProxyConfig},
 * or throws a {@link io.portico.config.ConfigException} holding every
 * {@link io.portico.config.ConfigError} found, each rendered {@code file:line: key.path: reason}
 * (line 0 = no line applies and is left out; an empty key is left out).
 *
 * <p>Conventions: durations are {@link java.time.Duration}s parsed by {@link io.portico.config.Durations};
 * sizes are {@code long} bytes parsed by {@link io.portico.config.Sizes}; paths are resolved against
 * the file that names them and exist at load time; {@code ""} means "not set" for optional strings
 * and paths; host names are not resolved. Defaults are documented on each record.
 */
package io.portico.config;
