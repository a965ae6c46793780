package io.portico.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code [cluster.NAME.tls]}, only for {@code protocol = "https"}. Empty strings in the file mean absent.
 *
 * @param ca         PEM bundle; absent → the JDK's trust store
 * @param serverName SNI and verified name; absent → the instance host
 * @param cert       client certificate for mTLS; present exactly when {@code key} is
 */
public record BackendTlsConfig(Optional<Path> ca, Optional<String> serverName, Optional<Path> cert,
                               Optional<Path> key, boolean insecureSkipVerify) {
    public static final BackendTlsConfig DEFAULTS = new BackendTlsConfig(Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), false);
}
