package io.portico.modules.staticfiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SafePathTest {

    private static SafePath.Outcome map(String raw) {
        return SafePath.of(raw, "", false);
    }

    @Test
    void aPlainPathBecomesItsSegments() {
        assertThat(map("/css/site.css")).isEqualTo(new SafePath.Segments(List.of("css", "site.css"), false));
        assertThat(map("/docs/")).isEqualTo(new SafePath.Segments(List.of("docs"), true));
        assertThat(map("/")).isEqualTo(new SafePath.Segments(List.of(), true));
    }

    @Test
    void emptyAndDotSegmentsAreDropped() {
        assertThat(map("//a/./b//c")).isEqualTo(new SafePath.Segments(List.of("a", "b", "c"), false));
    }

    @Test
    void percentEscapesAreDecodedAsUtf8() {
        assertThat(map("/caf%C3%A9/a%20b.txt")).isEqualTo(new SafePath.Segments(List.of("café", "a b.txt"), false));
    }

    @Test
    void dotDotIsRefusedWhetherPlainOrEncoded() {
        assertThat(map("/../etc/passwd")).isInstanceOf(SafePath.Refused.class);
        assertThat(map("/a/b/../../..")).isInstanceOf(SafePath.Refused.class);
        assertThat(map("/%2e%2e/etc/passwd")).isInstanceOf(SafePath.Refused.class);
        assertThat(map("/%2E./x")).isInstanceOf(SafePath.Refused.class);
    }

    @Test
    void encodedSlashesAndBackslashesAreRefused() {
        assertThat(map("/a/..%2f..%2fetc/passwd")).isInstanceOf(SafePath.Refused.class);
        assertThat(map("/a%2Fb")).isInstanceOf(SafePath.Refused.class);
        assertThat(map("/..%5c..%5cwindows")).isInstanceOf(SafePath.Refused.class);
        assertThat(map("/..\\..\\etc\\passwd")).isInstanceOf(SafePath.Refused.class);
    }

    @Test
    void nulControlCharactersAndBrokenEscapesAreRefused() {
        assertThat(map("/a.txt%00.png")).isInstanceOf(SafePath.Refused.class);
        assertThat(map("/a%0d%0aX: y")).isInstanceOf(SafePath.Refused.class);
        assertThat(map("/a%2")).isInstanceOf(SafePath.Refused.class);
        assertThat(map("/a%zz")).isInstanceOf(SafePath.Refused.class);
        assertThat(map("/%C3")).as("a lone UTF-8 lead byte").isInstanceOf(SafePath.Refused.class);
        assertThat(map("*")).isInstanceOf(SafePath.Refused.class);
    }

    @Test
    void hiddenNamesAreHiddenUnlessAllowedButDotDotNever() {
        assertThat(map("/.git/config")).isInstanceOf(SafePath.Hidden.class);
        assertThat(map("/a/%2eenv")).isInstanceOf(SafePath.Hidden.class);
        assertThat(SafePath.of("/.well-known/x", "", true))
                .isEqualTo(new SafePath.Segments(List.of(".well-known", "x"), false));
        assertThat(SafePath.of("/../x", "", true)).isInstanceOf(SafePath.Refused.class);
    }

    @Test
    void thePrefixIsStrippedAndOtherPathsAreLeftAlone() {
        assertThat(SafePath.of("/static/a.css", "/static", false))
                .isEqualTo(new SafePath.Segments(List.of("a.css"), false));
        assertThat(SafePath.of("/static", "/static", false)).isEqualTo(new SafePath.Segments(List.of(), true));
        assertThat(SafePath.of("/staticky/a.css", "/static", false)).isInstanceOf(SafePath.Elsewhere.class);
        assertThat(SafePath.of("/api/x", "/static", false)).isInstanceOf(SafePath.Elsewhere.class);
        assertThat(SafePath.of("/static/../secret", "/static", false)).isInstanceOf(SafePath.Refused.class);
    }
}
