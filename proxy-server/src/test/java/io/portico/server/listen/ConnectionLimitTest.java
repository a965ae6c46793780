package io.portico.server.listen;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.config.LimitsConfig;
import org.junit.jupiter.api.Test;

/** max_connections: absent, a cap derived from the descriptors; 0, no cap (the config contract); N, N. */
class ConnectionLimitTest {
    private static final int UNSET = LimitsConfig.MAX_CONNECTIONS_UNSET;

    @Test
    void absentIsHalfOfTheDescriptorsLeftAfterTheReserve() {
        assertThat(ConnectionLimit.effectiveMax(UNSET, 65_536)).isEqualTo(32_736);
        assertThat(ConnectionLimit.effectiveMax(UNSET, 1_024)).isEqualTo(480);
        assertThat(ConnectionLimit.effectiveMax(UNSET, -1)).as("descriptors unknown: no cap").isZero();
        assertThat(ConnectionLimit.describe(UNSET, 1_024))
                .isEqualTo("max_connections 480 (not configured: half of the 1024 file descriptors (ulimit -n) less 64 reserved)");
    }

    @Test
    void theDescriptorLimitIsTheSoftOneFromProcAsTheJvmSeesIt() {
        String limits = """
                Limit                     Soft Limit           Hard Limit           Units
                Max processes             63704                63704                processes
                Max open files            20000                1048576              files
                Max locked memory         8388608              8388608              bytes
                """;
        assertThat(ConnectionLimit.softOpenFiles(limits)).isEqualTo(20_000);
        assertThat(ConnectionLimit.softOpenFiles("Max open files            unlimited            unlimited            files\n"))
                .isEqualTo(Long.MAX_VALUE);
        assertThat(ConnectionLimit.softOpenFiles("Max processes 1 1 processes\n")).isEqualTo(-1);
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            assertThat(ConnectionLimit.descriptorLimit()).isEqualTo(unix.getMaxFileDescriptorCount());
        }
    }

    @Test
    void zeroWrittenInTheConfigIsUnlimited() {
        assertThat(ConnectionLimit.effectiveMax(0, 1_024)).isZero();
        assertThat(ConnectionLimit.describe(0, 1_024)).startsWith("max_connections unlimited (configured 0;");
        ConnectionLimit limit = new ConnectionLimit(ConnectionLimit.effectiveMax(0, 1_024));
        for (int i = 0; i < 5_000; i++) {
            assertThat(limit.tryAcquire()).isTrue();
        }
        assertThat(limit.open()).isEqualTo(5_000);
    }

    @Test
    void aConfiguredCapIsKeptAndRefusesPastIt() {
        assertThat(ConnectionLimit.effectiveMax(100_000, 1_024)).isEqualTo(100_000);
        assertThat(ConnectionLimit.describe(100_000, 1_024)).contains("above half of them");
        ConnectionLimit limit = new ConnectionLimit(2);
        assertThat(limit.tryAcquire()).isTrue();
        assertThat(limit.tryAcquire()).isTrue();
        assertThat(limit.tryAcquire()).isFalse();
        limit.release();
        assertThat(limit.tryAcquire()).isTrue();
    }
}
