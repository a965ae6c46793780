package io.portico.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RequestEntryTest {

    private static RequestHead admit(RequestHead head, boolean secure) {
        return RequestEntry.admit(head, secure, PathRules.DEFAULTS, UnderscoreNames.DROP, n -> { });
    }

    @Test
    void anHttp1HeadTakesTheConnectionsSchemeAndItsHostAsAuthority() {
        RequestHead head = admit(new RequestHead("GET", "/a", HttpVersion.HTTP_1_1,
                new HttpFields().add("Host", "Example.com:8080")), true);
        assertThat(head.scheme()).isEqualTo("https");
        assertThat(head.authority()).isEqualTo("Example.com:8080");
        assertThat(admit(new RequestHead("GET", "/", HttpVersion.HTTP_1_1, new HttpFields().add("Host", "a")), false)
                .scheme()).isEqualTo("http");
    }

    @Test
    void anAbsoluteFormTargetsAuthorityReplacesHostAndBecomesTheAuthority() {
        RequestHead head = admit(new RequestHead("GET", "http://api.example.com/x?y", HttpVersion.HTTP_1_1,
                new HttpFields().add("Host", "other.example")), false);
        assertThat(head.authority()).isEqualTo("api.example.com");
        assertThat(head.fields().firstOrNull("Host")).isEqualTo("api.example.com");
        assertThat(head.target()).isEqualTo("/x?y");
    }

    @Test
    void anHttp2AuthorityBecomesTheHostTheBackendGetsAndKeepsTheClientsScheme() {
        HttpFields fields = new HttpFields().add("Accept", "*/*");
        RequestHead head = admit(new RequestHead("GET", "https", "example.com", "/p", HttpVersion.HTTP_2, fields),
                false);
        assertThat(head.scheme()).isEqualTo("https");
        assertThat(head.authority()).isEqualTo("example.com");
        assertThat(fields.firstOrNull("Host")).isEqualTo("example.com");
    }

    @Test
    void anHttp2HeadWithoutAuthorityUsesItsHost() {
        RequestHead head = admit(new RequestHead("GET", "http", "", "/", HttpVersion.HTTP_2,
                new HttpFields().add("host", "h.example")), false);
        assertThat(head.authority()).isEqualTo("h.example");
    }

    @Test
    void aHostThatDiffersFromTheAuthorityIsRefused() {
        RequestHead head = new RequestHead("GET", "https", "good.example", "/", HttpVersion.HTTP_2,
                new HttpFields().add("Host", "evil.example"));
        assertThatThrownBy(() -> admit(head, true)).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.kind()).isEqualTo(ProtocolException.Kind.BAD_HOST));
        RequestHead same = new RequestHead("GET", "https", "Good.example", "/", HttpVersion.HTTP_2,
                new HttpFields().add("Host", "good.example"));
        assertThat(admit(same, true).authority()).isEqualTo("Good.example");
    }

    @Test
    void aMalformedAuthorityOrTwoDifferentHostsAreRefused() {
        assertThatThrownBy(() -> admit(new RequestHead("GET", "https", "a b", "/", HttpVersion.HTTP_2,
                new HttpFields()), true)).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.kind()).isEqualTo(ProtocolException.Kind.BAD_HOST));
        assertThatThrownBy(() -> admit(new RequestHead("GET", "/", HttpVersion.HTTP_1_0,
                new HttpFields().add("Host", "a").add("Host", "b")), false)).isInstanceOfSatisfying(
                ProtocolException.class, e -> assertThat(e.kind()).isEqualTo(ProtocolException.Kind.BAD_HOST));
    }

    @Test
    void aHeadThatNeedsNoChangeIsReturnedAsIs() {
        RequestHead admitted = admit(new RequestHead("GET", "/", HttpVersion.HTTP_1_1,
                new HttpFields().add("Host", "a")), false);
        assertThat(admit(admitted, false)).isSameAs(admitted);
    }
}
