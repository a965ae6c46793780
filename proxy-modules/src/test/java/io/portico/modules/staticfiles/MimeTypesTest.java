package io.portico.modules.staticfiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MimeTypesTest {
    private final MimeTypes types = new MimeTypes(Map.of("wasm", "application/x-custom", "foo", "text/x-foo"),
            "application/octet-stream");

    @Test
    void commonTypesAreBuiltInAndMatchedWithoutCase() {
        assertThat(types.of("index.html")).isEqualTo("text/html; charset=utf-8");
        assertThat(types.of("PHOTO.JPG")).isEqualTo("image/jpeg");
        assertThat(types.of("app.min.js")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(types.of("font.woff2")).isEqualTo("font/woff2");
    }

    @Test
    void configuredTypesAddToAndOverrideTheTable() {
        assertThat(types.of("a.foo")).isEqualTo("text/x-foo");
        assertThat(types.of("a.wasm")).isEqualTo("application/x-custom");
    }

    @Test
    void unknownOrMissingExtensionsGetTheDefault() {
        assertThat(types.of("README")).isEqualTo("application/octet-stream");
        assertThat(types.of("archive.")).isEqualTo("application/octet-stream");
        assertThat(types.of("x.unknownext")).isEqualTo("application/octet-stream");
    }
}
