package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.server.snapshot.LoadedModules;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third-party module jar, built by this build as its own artifact
 * (proxy-modules/example-module), is loaded from the directory [modules].dir names — not from
 * the classpath — and takes effect.
 */
class ModuleJarTest {
    private static final Path JAR = Path.of("../proxy-modules/example-module/target/portico-example-module.jar");

    private TestBackend backend;
    private TestProxy proxy;

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void theExampleJarIsNotOnTheClasspath() {
        assertThat(getClass().getClassLoader().getResource("io/portico/example/HelloModule.class")).isNull();
        assertThat(JAR).as("built by the reactor before proxy-server (run the whole build)").exists();
    }

    @Test
    void aModuleJarInTheModulesDirIsLoadedAndTakesEffect(@TempDir Path modules) throws Exception {
        Files.copy(JAR, modules.resolve("portico-example-module.jar"));
        backend = TestBackend.answering("proxied");
        proxy = TestProxy.start(TestProxy.oneCluster("", backend) + """
                [modules]
                enabled = ["example_hello"]
                dir = "%s"
                [modules.example_hello]
                greeting = "hi from the jar"
                """.formatted(modules.toString().replace("\\", "\\\\")));
        HttpResponse<String> own = proxy.get("/example/hello");
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.body()).isEqualTo("hi from the jar\n");
        HttpResponse<String> proxied = proxy.get("/other");
        assertThat(proxied.body()).isEqualTo("proxied");
        assertThat(proxied.headers().firstValue("X-Example")).contains("hi from the jar");
    }

    @Test
    void withoutTheJarTheModuleNameIsAConfigErrorNamingWhereItLooked(@TempDir Path modules) throws Exception {
        backend = TestBackend.answering("x");
        assertThatThrownBy(() -> TestProxy.start(TestProxy.oneCluster("", backend) + """
                [modules]
                enabled = ["example_hello"]
                dir = "%s"
                """.formatted(modules.toString())))
                .isInstanceOf(LoadedModules.ModuleConfigException.class)
                .hasMessageContaining("no module named \"example_hello\" in the classpath and " + modules + "/*.jar");
    }
}
