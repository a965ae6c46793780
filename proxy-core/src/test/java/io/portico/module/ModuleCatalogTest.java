package io.portico.module;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.tomlj.Toml;

class ModuleCatalogTest {

    @Test
    void aModuleListedInMetaInfServicesIsFoundByName() {
        ModuleCatalog catalog = ModuleCatalog.discover(getClass().getClassLoader());
        assertThat(catalog.problems()).isEmpty();
        assertThat(catalog.names()).contains("greeting");
        PorticoModule first = catalog.create("greeting").orElseThrow();
        PorticoModule second = catalog.create("greeting").orElseThrow();
        assertThat(first).isInstanceOf(GreetingModule.class).isNotSameAs(second);
        assertThat(catalog.create("absent")).isEmpty();
    }

    @Test
    void aDiscoveredModuleReadsItsSettingsAndRegistersItsHandlers() {
        PorticoModule module = ModuleCatalog.discover(getClass().getClassLoader()).create("greeting").orElseThrow();
        HandlerRegistry registry = new HandlerRegistry();
        ModuleSettings settings = ModuleSettings.of("portico.toml", "greeting",
                Toml.parse("[modules.greeting]\ntext = \"hej\"\n").getTable(List.of("modules", "greeting")));
        List<String> background = new ArrayList<>();
        module.init(ModuleContext.of(module.name(), registry, settings, LoggerFactory.getLogger("greeting"),
                new SimpleMetricsRegistry(), (name, task) -> background.add(name)));

        HandlerTable table = registry.freeze();
        RequestHandler[] handlers = table.handlers(CallbackPoint.HANDLE_BEFORE_LOCATION);
        assertThat(handlers).hasSize(1);
        assertThat(table.module(CallbackPoint.HANDLE_BEFORE_LOCATION, 0)).isEqualTo("greeting");
        Verdict.Respond answer = (Verdict.Respond) handlers[0].handle(null);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("hej");
        assertThat(background).containsExactly("idle");
        assertThat(settings.errors()).isEmpty();
    }

    @Test
    void brokenProvidersAndDuplicateNamesAreReportedWithoutHidingTheOthers(@TempDir Path dir) throws IOException {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(PorticoModule.class.getName()),
                "io.portico.module.NoSuchModule\n" + Impostor.class.getName() + "\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
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
