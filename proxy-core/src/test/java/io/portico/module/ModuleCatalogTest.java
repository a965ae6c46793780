package io.portico.module;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.testing.ModuleHarness;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleCatalogTest {
    @TempDir
    Path dir;

    /**
     * A loader that lists {@link GreetingModule} (then {@code more}) in a services file of its own:
     * the file is not on the test classpath, which proxy-core's test-jar shares with the other
     * modules' tests, so that their catalogs see no greeting module.
     */
    private URLClassLoader listing(String... more) throws IOException {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(PorticoModule.class.getName()),
                GreetingModule.class.getName() + "\n" + String.join("\n", more) + "\n");
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
    }

    @Test
    void aModuleListedInMetaInfServicesIsFoundByName() throws IOException {
        try (URLClassLoader loader = listing()) {
            ModuleCatalog catalog = ModuleCatalog.discover(loader);
            assertThat(catalog.problems()).isEmpty();
            assertThat(catalog.names()).contains("greeting");
            PorticoModule first = catalog.create("greeting").orElseThrow();
            PorticoModule second = catalog.create("greeting").orElseThrow();
            assertThat(first).isInstanceOf(GreetingModule.class).isNotSameAs(second);
            assertThat(catalog.create("absent")).isEmpty();
        }
    }

    @Test
    void aDiscoveredModuleReadsItsSettingsAndRegistersItsHandlers() throws IOException {
        PorticoModule module;
        try (URLClassLoader loader = listing()) {
            module = ModuleCatalog.discover(loader).create("greeting").orElseThrow();
        }
        ModuleHarness.Loaded loaded = ModuleHarness.loadFromConfig(module, "[modules.greeting]\ntext = \"hej\"\n");

        RequestHandler handler = loaded.handler(CallbackPoint.HANDLE_BEFORE_LOCATION);
        assertThat(loaded.table().module(CallbackPoint.HANDLE_BEFORE_LOCATION, 0)).isEqualTo("greeting");
        Verdict.Respond answer = (Verdict.Respond) handler.handle(null);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("hej");
        assertThat(loaded.background()).containsExactly("idle");
        assertThat(loaded.errors()).isEmpty();
    }

    @Test
    void brokenProvidersAndDuplicateNamesAreReportedWithoutHidingTheOthers() throws IOException {
        try (URLClassLoader loader = listing("io.portico.module.NoSuchModule", Impostor.class.getName())) {
            ModuleCatalog catalog = ModuleCatalog.discover(loader);
            assertThat(catalog.names()).contains("greeting");
            assertThat(catalog.problems()).anySatisfy(p -> assertThat(p).contains("NoSuchModule"));
            assertThat(catalog.problems()).anySatisfy(p -> assertThat(p)
                    .isEqualTo("module name \"greeting\" is claimed by both " + GreetingModule.class.getName()
                            + " and " + Impostor.class.getName()));
            assertThat(catalog.create("greeting")).get().isInstanceOf(GreetingModule.class);
        }
    }

    /** Claims the name of {@link GreetingModule}; listed only in a temporary services file. */
    public static final class Impostor implements PorticoModule {
        @Override
        public String name() {
            return "greeting";
        }

        @Override
        public void init(ModuleContext context) {
        }
    }
}
