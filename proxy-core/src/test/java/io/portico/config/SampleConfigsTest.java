package io.portico.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every sample under config-samples/ that is not only included by another one loads without an error. */
class SampleConfigsTest {
    private static final Path SAMPLES = Path.of("..", "config-samples");

    static List<Path> topLevelSamples() throws IOException {
        Set<Path> all = new TreeSet<>();
        try (Stream<Path> files = Files.walk(SAMPLES)) {
            files.filter(f -> f.toString().endsWith(".toml")).forEach(f -> all.add(f.normalize()));
        }
        Set<Path> included = new TreeSet<>();
        for (Path file : all) {
            List<Sources.Source> sources = Sources.load(file, new Errors());
            sources.stream().skip(1).forEach(s -> included.add(s.path().normalize()));
        }
        all.removeAll(included);
        return List.copyOf(all);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topLevelSamples")
    void sampleLoadsWithoutErrors(Path sample) {
        ProxyConfig config = ConfigLoader.load(sample);
        assertThat(config.listeners()).isNotEmpty();
    }

    @Test
    void includedFilesAreNotLoadedOnTheirOwn() throws IOException {
        assertThat(topLevelSamples()).contains(SAMPLES.resolve("quickstart.toml").normalize(),
                SAMPLES.resolve("full.toml").normalize());
        assertThat(topLevelSamples()).doesNotContain(SAMPLES.resolve("clusters/static.toml").normalize());
    }

    @Test
    void quickstartIsTheDemoLayout() {
        ProxyConfig c = ConfigLoader.load(SAMPLES.resolve("quickstart.toml"));
        assertThat(c.listeners()).singleElement().satisfies(l -> {
            assertThat(l.host()).isEqualTo("127.0.0.1");
            assertThat(l.port()).isEqualTo(8080);
        });
        assertThat(c.admin()).isEqualTo(new AdminConfig(true, "127.0.0.1", 8421, Optional.empty()));
        assertThat(c.server().defaultProduct()).contains("demo");
        assertThat(c.products().get("demo").routes()).singleElement()
                .satisfies(r -> assertThat(r.cluster()).isEqualTo("demo"));
        assertThat(c.clusters().get("demo").subclusters()).singleElement().satisfies(s -> assertThat(s.instances())
                .containsExactly(new InstanceConfig("127.0.0.1", 9001, 1), new InstanceConfig("127.0.0.1", 9002, 1)));
        assertThat(c.server().timeouts().clientHeader()).isEqualTo(Duration.ofSeconds(30));
    }
}
