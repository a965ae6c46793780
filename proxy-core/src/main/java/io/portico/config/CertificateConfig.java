package io.portico.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One {@code [[tls.certificate]]}; files are resolved against the config file naming them and
 * exist at load time.
 *
 * @param serverNames lower-case exact names and {@code *.suffix} wildcards
 * @param isDefault   exactly one certificate is the default: the one marked {@code default = true},
 *                    or the first one when none is marked
 */
public record CertificateConfig(Path cert, Path key, List<String> serverNames, boolean isDefault,
                                Optional<Path> ocspResponse) {
    public CertificateConfig {
        serverNames = List.copyOf(serverNames);
    }
}
