package io.portico.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cluster rules, with the exact error (as {@code line: key: reason}) each produces. MINIMAL is 7 lines. */
class ClusterValidationTest {
    @TempDir
    Path dir;

    private java.util.List<String> errors(String text) {
        return new ConfigFiles(dir).errors(text);
    }

    @Test
    void clusterWithoutAUsableInstanceIsRejected() {
        assertThat(errors(ConfigFiles.MINIMAL + """
                [cluster.drained]
                [[cluster.drained.subcluster.a.instance]]
                address = "127.0.0.1:9001"
                weight = 0
                [cluster.zero.subclusters]
                a = 0
                BLACKHOLE = 100
                [[cluster.zero.subcluster.a.instance]]
                address = "127.0.0.1:9001"
                [cluster.hole.subclusters]
                BLACKHOLE = 100
                [cluster.bare]
                balance = "wrr"
                """)).containsExactly(
                "8: cluster.drained: has no usable instance: needs a sub-cluster with weight > 0 holding an instance with weight > 0",
                "12: cluster.zero: has no usable instance: needs a sub-cluster with weight > 0 holding an instance with weight > 0",
                "17: cluster.hole: has no usable instance: needs a sub-cluster with weight > 0 holding an instance with weight > 0",
                "19: cluster.bare: has no usable instance: needs a sub-cluster with weight > 0 holding an instance with weight > 0");
    }

    @Test
    void subclusterWeightsAndInstanceTablesMustMatch() {
        assertThat(errors(ConfigFiles.MINIMAL + """
                [cluster.c.subclusters]
                a = 10
                ghost = 5
                neg = -1
                BLACKHOLE = 1
                [[cluster.c.subcluster.unweighted.instance]]
                address = "127.0.0.1:9003"
                [[cluster.c.subcluster.neg.instance]]
                address = "127.0.0.1:9004"
                [[cluster.c.subcluster.BLACKHOLE.instance]]
                address = "127.0.0.1:9005"
                [cluster.c.subcluster.empty]
                """)).containsExactly(
                "10: cluster.c.subclusters.ghost: sub-cluster \"ghost\" has no [[cluster.c.subcluster.ghost.instance]]",
                "11: cluster.c.subclusters.neg: -1 is out of range 0..1000000",
                "13: cluster.c.subcluster.unweighted: has no weight in [cluster.c.subclusters]",
                "17: cluster.c.subcluster.BLACKHOLE: BLACKHOLE is reserved for dropped traffic and cannot have instances",
                "19: cluster.c.subcluster.empty: needs at least one [[cluster.c.subcluster.empty.instance]]",
                "19: cluster.c.subcluster.empty: has no weight in [cluster.c.subclusters]");
    }

    @Test
    void negativeInstanceWeightsAndDuplicateInstancesAreRejected() {
        assertThat(errors(ConfigFiles.MINIMAL + """
                weight = -3
                [[cluster.c.subcluster.a.instance]]
                address = "127.0.0.1:9001"
                """)).containsExactly(
                "8: cluster.c.subcluster.a.instance[0].weight: -3 is out of range 0..1000000",
                "10: cluster.c.subcluster.a.instance[1].address: duplicate of cluster.c.subcluster.a.instance[0]");
    }

    @Test
    void retryCountsThresholdsAndPoolLimitsAreBounded() {
        assertThat(errors(ConfigFiles.MINIMAL + """
                [cluster.c.retry]
                in_subcluster = -1
                cross_subcluster = -2
                methods = ["GET", "BAD METHOD"]
                max_replay_body = "1XB"
                [cluster.c.health_check]
                fail_threshold = 0
                success_threshold = 0
                interval = "0"
                path = "health"
                expect_status = "2xx|999"
                [cluster.c.pool]
                max_idle_per_instance = 10
                max_per_instance = 5
                idle_timeout = "0s"
                """)).containsExactly(
                "9: cluster.c.retry.in_subcluster: -1 is out of range 0..100",
                "10: cluster.c.retry.cross_subcluster: -2 is out of range 0..100",
                "11: cluster.c.retry.methods[1]: \"BAD METHOD\" is not an HTTP method",
                "12: cluster.c.retry.max_replay_body: invalid size \"1XB\": unknown unit \"XB\"; expected B, KiB, MiB, GiB or TiB",
                "14: cluster.c.health_check.fail_threshold: 0 is out of range 1..1000",
                "15: cluster.c.health_check.success_threshold: 0 is out of range 1..1000",
                "16: cluster.c.health_check.interval: must be greater than 0",
                "17: cluster.c.health_check.path: must start with '/'",
                "18: cluster.c.health_check.expect_status: invalid status \"2xx|999\": \"999\" is not a status (100..599) or a class like \"2xx\"",
                "20: cluster.c.pool.max_idle_per_instance: 10 exceeds max_per_instance (5)",
                "22: cluster.c.pool.idle_timeout: must be greater than 0");
    }

    @Test
    void keysThatOnlyApplyToAnotherModeAreRejected() {
        assertThat(errors(ConfigFiles.MINIMAL + """
                [cluster.c.tls]
                insecure_skip_verify = true
                [cluster.c.health_check]
                type = "tcp"
                path = "/health"
                expect_status = "200"
                """)).containsExactly(
                "8: cluster.c.tls: only for protocol = \"https\"",
                "12: cluster.c.health_check.path: only for type = \"http\"",
                "13: cluster.c.health_check.expect_status: only for type = \"http\"");
    }

    @Test
    void backendClientCertificateNeedsItsKeyAndSniMustBeAHostName() {
        new ConfigFiles(dir).write("client.pem", "x");
        assertThat(errors(ConfigFiles.MINIMAL + """
                [cluster.c]
                protocol = "https"
                [cluster.c.tls]
                cert = "client.pem"
                server_name = "not a host"
                """)).containsExactly(
                "11: cluster.c.tls.cert: cert and key must be given together",
                "12: cluster.c.tls.server_name: \"not a host\" is not a host name");
    }
}
