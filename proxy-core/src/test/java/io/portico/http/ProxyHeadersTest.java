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
