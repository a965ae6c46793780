package io.portico.server.tls;

import io.portico.config.ConfigError;
import io.portico.config.ConfigException;
import io.portico.config.ListenerConfig;
import io.portico.config.ProxyConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The TLS contexts of a config's https listeners, built with every certificate read and checked once. */
public final class ListenerTls {
    private static final Logger LOG = LoggerFactory.getLogger(ListenerTls.class);
    private ListenerTls() {
    }

    /**
     * The context of each https listener, by listener name (empty when there is none).
     *
     * @throws ConfigException naming each certificate or key file that cannot be used, and why
     */
    public static Map<String, ServerTls> build(ProxyConfig config) {
        return build(config, Map.of());
    }

    /**
     * As {@link #build(ProxyConfig)}, keeping each context of {@code previous} (by listener name)
     * whose inputs the new config does not change: its session cache and ticket keys survive a
     * reload, so clients resume across it.
     */
    public static Map<String, ServerTls> build(ProxyConfig config, Map<String, ServerTls> previous) {
        if (config.listeners().stream().noneMatch(ListenerConfig::https)) {
            return Map.of();
        }
        List<CertifiedKey> keys = new ArrayList<>();
        List<ConfigError> errors = new ArrayList<>();
        for (int i = 0; i < config.certificates().size(); i++) {
            try {
                CertifiedKey k = CertifiedKey.load(config.certificates().get(i));
                if (k.expiredAt(Instant.now())) {
                    LOG.warn("tls.certificate[{}] {} ({}) is outside its validity: {} to {}", i,
                            config.certificates().get(i).cert(), k.leaf().getSubjectX500Principal().getName(),
                            k.leaf().getNotBefore().toInstant(), k.leaf().getNotAfter().toInstant());
                }
                keys.add(k);
            } catch (IllegalArgumentException e) {
                errors.add(new ConfigError(config.files().getFirst(), 0, "tls.certificate[" + i + "]", e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        Map<String, ServerTls> out = new HashMap<>();
        for (int i = 0; i < config.listeners().size(); i++) {
            ListenerConfig l = config.listeners().get(i);
            if (!l.https()) {
                continue;
            }
            List<X509Certificate> cas = List.of();
            if (l.clientCa().isPresent()) {
                try {
                    cas = Pem.certificates(Files.readString(l.clientCa().get(), StandardCharsets.US_ASCII), l.clientCa().get());
                } catch (IOException | IllegalArgumentException e) {
                    errors.add(new ConfigError(config.files().getFirst(), 0, "listener[" + i + "].client_ca",
                            e instanceof IOException ? l.clientCa().get() + ": cannot read: " + e.getMessage() : e.getMessage()));
                    continue;
                }
            }
            List<String> alpn = l.alpn();
            ServerTls kept = previous.get(l.name());
            out.put(l.name(), kept != null && kept.madeOf(keys, l.tlsMinVersion(), alpn, l.clientAuth(), cas) ? kept
                    : ServerTls.of(keys, l.tlsMinVersion(), alpn, l.clientAuth(), cas));
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return Map.copyOf(out);
    }
}
