package io.portico.config;

import java.time.Duration;
import java.util.Optional;

/**
 * {@code [cluster.NAME.health_check]}. Defaults (BFE's): mode passive, type http, path
 * {@code /health_check}, host absent (the instance address), expect_status {@code 2xx},
 * fail_threshold 5, success_threshold 1, interval 1s, timeout 1s. {@code path}, {@code host} and
 * {@code expect_status} only apply to {@code type = "http"}. {@code fail_status} (e.g. {@code "502|503"},
 * default none) makes responses with those statuses count as failures of the instance, like
 * connect errors, resets and timeouts do.
 */
public record HealthCheckConfig(Mode mode, Type type, String path, Optional<String> host, StatusMatcher expectStatus,
                                int failThreshold, int successThreshold, Duration interval, Duration timeout,
                                Optional<StatusMatcher> failStatus) {

    /** Without {@code fail_status}: only connect errors, resets and timeouts count as failures. */
    public HealthCheckConfig(Mode mode, Type type, String path, Optional<String> host, StatusMatcher expectStatus,
                             int failThreshold, int successThreshold, Duration interval, Duration timeout) {
        this(mode, type, path, host, expectStatus, failThreshold, successThreshold, interval, timeout, Optional.empty());
    }
    public static final HealthCheckConfig DEFAULTS = new HealthCheckConfig(Mode.PASSIVE, Type.HTTP, "/health_check",
            Optional.empty(), StatusMatcher.parse("2xx"), 5, 1, Duration.ofSeconds(1), Duration.ofSeconds(1));

    /** passive: probe an instance only after it failed (BFE); active: probe always; passive+active: both. */
    public enum Mode {
        PASSIVE("passive"), ACTIVE("active"), PASSIVE_ACTIVE("passive+active");

        private final String text;

        Mode(String text) {
            this.text = text;
        }

        /** As written in the config. */
        public String text() {
            return text;
        }

        public boolean probesAlways() {
            return this != PASSIVE;
        }

        public boolean watchesTraffic() {
            return this != ACTIVE;
        }
    }

    /** http: GET path, compare the status; tcp: a connect is success. */
    public enum Type { HTTP, TCP }
}
