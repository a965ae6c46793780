package io.portico.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProxyHeadersTest {
    @Test
    void endToEndLeavesOutHopByHopFieldsAndThoseConnectionNames() {
        HttpFields in = new HttpFields()
                .add("Host", "a")
                .add("Connection", "keep-alive, X-Secret")
                .add("Keep-Alive", "timeout=5")
                .add("x-secret", "1")
                .add("Transfer-Encoding", "chunked")
                .add("Content-Length", "3")
                .add("Accept", "*/*");
        HttpFields out = ProxyHeaders.endToEnd(in);
        assertThat(out.toString()).isEqualTo("Host: a\r\nAccept: */*\r\n");
    }

    @Test
    void keepEndToEndFiltersInPlaceAsEndToEndCopiesKeepingTheParsedMarks() {
        HttpFields in = new HttpFields(2)
                .addParsed("Host", "a")
                .addParsed("Connection", "keep-alive, X-Secret")
                .add("Keep-Alive", "timeout=5")
                .addParsed("x-secret", "1")
                .add("Server", "nginx")
                .addParsed("Transfer-Encoding", "chunked")
                .addParsed("Content-Length", "3")
                .addParsed("Accept", "*/*");
        String copied = ProxyHeaders.endToEnd(in).toString();
        HttpFields same = ProxyHeaders.keepEndToEnd(in);
        assertThat(same).isSameAs(in);
        assertThat(in.toString()).isEqualTo(copied).isEqualTo("Host: a\r\nServer: nginx\r\nAccept: */*\r\n");
        assertThat(in.parsed(0)).isTrue();
        assertThat(in.parsed(1)).isFalse();
        assertThat(in.parsed(2)).isTrue();
        in.add("Content-Length", "3"); // room after the filter, and no stale mark on the new field
        assertThat(in.parsed(3)).isFalse();
        assertThat(in.size()).isEqualTo(4);
    }

    @Test
    void connectionTokensAreSplitTrimmedAndKeptAsWrittenAcrossFields() {
        HttpFields in = new HttpFields().add("Connection", " Upgrade ,, close").add("connection", "Keep-Alive");
        assertThat(ProxyHeaders.connectionTokens(in)).containsExactly("Upgrade", "close", "Keep-Alive");
        assertThat(ProxyHeaders.connectionTokens(new HttpFields().add("Connection", "Keep-Alive")))
                .containsExactly("Keep-Alive");
        assertThat(ProxyHeaders.connectionTokens(new HttpFields().add("Host", "a"))).isEmpty();
    }

    @Test
    void contentLengthReusesTheFieldOnlyWhenItSaysExactlyThatLength() {
        String own = new String("1024");
        HttpFields f = new HttpFields().add("Content-Length", own);
        assertThat(ProxyHeaders.contentLength(f, 1024)).isSameAs(own);
        assertThat(ProxyHeaders.contentLength(f, 1025)).isEqualTo("1025");
        assertThat(ProxyHeaders.contentLength(new HttpFields().add("Content-Length", "01024"), 1024)).isEqualTo("1024");
        assertThat(ProxyHeaders.contentLength(new HttpFields().add("Content-Length", "1 024"), 1024)).isEqualTo("1024");
        assertThat(ProxyHeaders.contentLength(new HttpFields(), 0)).isEqualTo("0");
        assertThat(ProxyHeaders.contentLength(new HttpFields().add("Content-Length", "0"), 0)).isEqualTo("0");
        assertThat(ProxyHeaders.isDecimal("9223372036854775807", Long.MAX_VALUE)).isFalse(); // 19 digits: not compared
        assertThat(ProxyHeaders.isDecimal("", 0)).isFalse();
    }
}
