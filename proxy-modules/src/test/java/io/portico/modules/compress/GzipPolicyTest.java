package io.portico.modules.compress;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.http.HttpFields;
import io.portico.http.HttpVersion;
import io.portico.http.ResponseHead;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GzipPolicyTest {
    private static final GzipPolicy POLICY = new GzipPolicy(Set.of("text/html", "application/json"), 1024);

    private static HttpFields fields(String... nameValues) {
        HttpFields f = new HttpFields();
        for (int i = 0; i < nameValues.length; i += 2) {
            f.add(nameValues[i], nameValues[i + 1]);
        }
        return f;
    }

    private static ResponseHead response(int status, String... nameValues) {
        return new ResponseHead(HttpVersion.HTTP_1_1, status, "", fields(nameValues));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "gzip | true",
            "GZIP | true",
            "x-gzip | true",
            "deflate, gzip;q=0.5 | true",
            "gzip;q=0 | false",
            "gzip; q=0.000 | false",
            "gzip;q=0.001 | true",
            "gzip;q=1.000 | true",
            "gzip;q=1.5 | false",
            "gzip;q=abc | false",
            "br, deflate | false",
            "* | true",
            "*;q=0 | false",
            "gzip;q=0, * | false",
            "identity | false",
            "'' | false"})
    void acceptEncodingIsReadWithQValues(String acceptEncoding, boolean accepted) {
        assertThat(GzipPolicy.acceptsGzip(fields("Accept-Encoding", acceptEncoding))).isEqualTo(accepted);
    }

    @Test
    void severalAcceptEncodingFieldsAreOneList() {
        assertThat(GzipPolicy.acceptsGzip(fields("Accept-Encoding", "br", "Accept-Encoding", "gzip"))).isTrue();
        assertThat(GzipPolicy.acceptsGzip(fields())).isFalse();
    }

    @Test
    void onlyListedTypesOfUnknownOrSufficientLengthAreCompressible() {
        assertThat(POLICY.compressible("GET", response(200, "Content-Type", "text/html; charset=utf-8"))).isTrue();
        assertThat(POLICY.compressible("GET", response(200, "Content-Type", "Application/JSON", "Content-Length", "1024"))).isTrue();
        assertThat(POLICY.compressible("GET", response(200, "Content-Type", "text/html", "Content-Length", "1023"))).isFalse();
        assertThat(POLICY.compressible("GET", response(200, "Content-Type", "image/png"))).isFalse();
        assertThat(POLICY.compressible("GET", response(200))).as("no Content-Type").isFalse();
    }

    @Test
    void encodedPartialHeadAndNoTransformResponsesAreLeftAlone() {
        assertThat(POLICY.compressible("HEAD", response(200, "Content-Type", "text/html"))).isFalse();
        assertThat(POLICY.compressible("GET", response(206, "Content-Type", "text/html"))).isFalse();
        assertThat(POLICY.compressible("GET", response(304, "Content-Type", "text/html"))).isFalse();
        assertThat(POLICY.compressible("GET", response(200, "Content-Type", "text/html", "Content-Encoding", "br"))).isFalse();
        assertThat(POLICY.compressible("GET", response(200, "Content-Type", "text/html", "Cache-Control", "public, No-Transform")))
                .isFalse();
    }

    @Test
    void gzippedFieldsLoseLengthAndRangesAndGetAWeakEtag() {
        HttpFields f = fields("Content-Length", "5000", "ETag", "\"abc\"", "Accept-Ranges", "bytes");
        GzipPolicy.markGzipped(f);
        assertThat(f.firstOrNull("Content-Encoding")).isEqualTo("gzip");
        assertThat(f.contains("Content-Length")).isFalse();
        assertThat(f.contains("Accept-Ranges")).isFalse();
        assertThat(f.firstOrNull("ETag")).isEqualTo("W/\"abc\"");
        HttpFields weak = fields("ETag", "W/\"abc\"");
        GzipPolicy.markGzipped(weak);
        assertThat(weak.firstOrNull("ETag")).isEqualTo("W/\"abc\"");
    }

    @Test
    void varyGainsAcceptEncodingOnce() {
        HttpFields none = fields();
        GzipPolicy.vary(none);
        assertThat(none.all("Vary")).containsExactly("Accept-Encoding");
        HttpFields cookie = fields("Vary", "Cookie");
        GzipPolicy.vary(cookie);
        assertThat(cookie.all("Vary")).containsExactly("Cookie", "Accept-Encoding");
        HttpFields already = fields("Vary", "Cookie, accept-encoding");
        GzipPolicy.vary(already);
        assertThat(already.all("Vary")).containsExactly("Cookie, accept-encoding");
        HttpFields star = fields("Vary", "*");
        GzipPolicy.vary(star);
        assertThat(star.all("Vary")).containsExactly("*");
    }

    @Test
    void theGzipStreamRoundTripsAtEveryLevelAndFlushesAsItGoes() throws Exception {
        byte[] text = "hello compress ".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        for (int level = 1; level <= 9; level++) {
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            OutputStream gz = CompressModule.gzip(sink, level);
            gz.write(text, 0, 100);
            gz.flush();
            assertThat(sink.size()).as("sync flush emits what was written").isGreaterThan(10);
            gz.write(text, 100, text.length - 100);
            gz.close();
            byte[] back = new GZIPInputStream(new ByteArrayInputStream(sink.toByteArray())).readAllBytes();
            assertThat(back).isEqualTo(text);
        }
    }
}
