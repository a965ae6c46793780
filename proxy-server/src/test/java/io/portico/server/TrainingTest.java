package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code portico train}: the workload a JDK 25 ahead-of-time cache is recorded from, through a real proxy. */
class TrainingTest {
    private static final Path KEYTOOL = Path.of(System.getProperty("java.home"), "bin", "keytool");

    private static String run(Path keytool, String... args) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code = Training.run(args, new PrintStream(buf, true, StandardCharsets.UTF_8), keytool);
        return code + "\n" + buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyPhaseServesRequestsWithoutAFailure() {
        String out = run(KEYTOOL, "train", "--seconds", "3");
        assertThat(out).startsWith("0\n");
        List<String> lines = out.lines().skip(1).toList();
        assertThat(lines).hasSize(6).allSatisfy(l -> assertThat(l).matches("portico train: .+: [1-9][0-9,]* requests, 0 failed"));
        assertThat(out).contains("HTTP/1.1 keep-alive", "connection per request", "HTTPS keep-alive (RSA)", "HTTPS keep-alive (ECDSA)",
                "TLS handshakes", "HTTP/2 over TLS");
    }

    @Test
    void withoutAKeytoolTheTlsPhasesAreSkippedAndSayWhy() throws Exception {
        List<Training.Phase> phases = Training.workload(2_000_000_000L, Path.of("/nonexistent/keytool"));
        assertThat(phases).hasSize(5);
        assertThat(phases.subList(0, 2)).allSatisfy(p -> {
            assertThat(p.requests()).isPositive();
            assertThat(p.failures()).isZero();
        });
        assertThat(phases.subList(2, 5)).allSatisfy(p -> assertThat(p.describe()).endsWith(": skipped (no keytool at /nonexistent/keytool)"));
    }

    @Test
    void aKeytoolThatFailsEndsTheRunWithExitOne() {
        String out = run(Path.of("/bin/false"), "train", "--seconds", "2");
        assertThat(out).startsWith("1\n").contains("portico train: java.io.IOException: keytool could not make the rsa certificate");
    }

    @Test
    void aFailedRequestMakesTheExitCodeOne() {
        assertThat(Training.exitCode(List.of(new Training.Phase("a", 10, 0, null), new Training.Phase("b", 9, 1, null))))
                .isEqualTo(Main.EXIT_RUNTIME);
        assertThat(Training.exitCode(List.of(new Training.Phase("a", 10, 0, null), new Training.Phase("b", 0, 0, "why"))))
                .isEqualTo(Main.EXIT_OK);
    }

    @Test
    void badArgumentsGetTheUsage() {
        for (String[] args : List.of(new String[] {"train", "--seconds"}, new String[] {"train", "--seconds", "1"},
                new String[] {"train", "--seconds", "x"}, new String[] {"train", "--minutes", "3"}, new String[] {"train", "extra"})) {
            assertThat(run(KEYTOOL, args)).isEqualTo("2\n" + Training.USAGE + "\n");
        }
    }

    @Test
    void theMainCommandLineRunsIt() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"train", "--seconds", "0"}, System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(Main.EXIT_INVALID);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(Training.USAGE);
    }
}
