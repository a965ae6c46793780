package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** deploy/jvm.options: a JVM takes it as it is, and every way of running Portico reads it. */
class JvmOptionsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path OPTIONS = ROOT.resolve("deploy/jvm.options");

    @Test
    void thisJvmAcceptsTheFileAndAppliesIt() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "@" + OPTIONS, "-XX:+PrintFlagsFinal", "-version")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(flag(out, "UseSerialGC")).isEqualTo("true");
        assertThat(flag(out, "NewSize")).isEqualTo(String.valueOf(64L << 20));
        assertThat(flag(out, "ShrinkHeapInSteps")).isEqualTo("false");
        assertThat(flag(out, "TrimNativeHeapInterval")).isEqualTo("10000");
        assertThat(flag(out, "ExitOnOutOfMemoryError")).isEqualTo("true");
        assertThat(flag(out, "PerMethodTrapLimit")).isEqualTo("0");
        assertThat(flag(out, "InlineSmallCode")).isEqualTo("1000");
        assertThat(flag(out, "AlwaysPreTouch")).isEqualTo("true");
        assertThat(flag(out, "UseTransparentHugePages")).isEqualTo(String.valueOf(hugePagesOffered()));
        assertThat(out).as("the JVM's pagesize warnings are silenced").doesNotContain("[pagesize]");
    }

    /** Whether this kernel offers transparent huge pages to a JVM that asks (mode "always" or "madvise"). */
    private static boolean hugePagesOffered() throws IOException {
        Path mode = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
        return Files.isReadable(mode) && !Files.readString(mode).contains("[never]");
    }

    @Test
    void theLauncherTheImageTheUnitAndTheHarnessReadIt() throws IOException {
        for (String file : List.of("portico", "bench/load.sh")) {
            assertThat(Files.readString(ROOT.resolve(file))).as(file).contains("@$root/deploy/jvm.options");
        }
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        assertThat(dockerfile).contains("COPY deploy/jvm.options /opt/portico/jvm.options")
                .contains("ENTRYPOINT [\"java\", \"@/opt/portico/jvm.options\"");
        assertThat(Files.readString(ROOT.resolve(".dockerignore"))).contains("!deploy/jvm.options");
        assertThat(Files.readString(ROOT.resolve("deploy/systemd/portico.service")))
                .contains("install -m 0644 deploy/jvm.options /opt/portico/jvm.options")
                .contains("\"$JAVA\" @/opt/portico/jvm.options -jar");
    }

    /** The value PrintFlagsFinal shows for a flag. */
    private static String flag(String flags, String name) {
        for (String line : flags.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[1].equals(name)) {
                return f[3];
            }
        }
        throw new AssertionError("no flag " + name);
    }
}
