package io.portico.modules.accesslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.http.HttpFields;
import io.portico.http.HttpVersion;
import io.portico.http.ResponseHead;
import io.portico.module.Response;
import io.portico.module.Timings;
import io.portico.modules.requestid.RequestIdModule;
import io.portico.testing.FakeRequest;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class LogFormatTest {
    private static final long START = 971_186_136_000L; // 2000-10-10T13:55:36Z

    static Response status(int status) {
        ResponseHead head = new ResponseHead(HttpVersion.HTTP_1_1, status, "", new HttpFields(0));
        return new Response() {
            @Override
            public ResponseHead head() {
                return head;
            }

            @Override
            public void head(ResponseHead h) {
                throw new IllegalStateException();
            }

            @Override
            public void replaceBody(byte[] body) {
                throw new IllegalStateException();
            }

            @Override
            public void transformBody(UnaryOperator<OutputStream> wrapper) {
                throw new IllegalStateException();
            }
        };
    }

    private static FakeRequest finished() {
        return FakeRequest.of("GET", "/a/b?x=1", "Host", "Example.com:8080", "User-Agent", "curl/8",
                        "Referer", "https://ref.example/")
                .timings(new Timings(START, 0, 2_000_000, 3_000_000, 42_500_000))
                .responseBodyBytes(1234).requestBodyBytes(5)
                .product("www").cluster("web").subcluster("dc1").backend("10.0.0.1:80").retryCount(1);
    }

    private static String local(long millis) {
        return DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneId.systemDefault())
                .format(Instant.ofEpochMilli(millis));
    }

    @Test
    void commonAndCombinedMatchNginx() {
        FakeRequest r = finished();
        String common = "192.0.2.7 - - [" + local(START) + "] \"GET /a/b?x=1 HTTP/1.1\" 200 1234";
        assertThat(LogFormat.of("common", false).line(r, status(200))).isEqualTo(common + "\n");
        assertThat(LogFormat.of("combined", false).line(r, status(200)))
                .isEqualTo(common + " \"https://ref.example/\" \"curl/8\"\n");
    }

    @Test
    void templateVariablesReadTheFinishedRequest() {
        FakeRequest r = finished();
        r.attributes().set(RequestIdModule.REQUEST_ID, "rid-9");
        r.tag("tier", "gold");
        String t = "$method|$uri|$query|$host|$status|$request_time|$upstream_response_time|$product|$cluster|"
                + "$subcluster|$backend|$retry_num|$log_id|$request_id|$error|$user_agent|$referer|"
                + "$http_x_missing|$tag_tier|$request_length|$bytes_sent|${uri}x|$$";
        assertThat(LogFormat.of(t, false).line(r, status(503))).isEqualTo("GET|/a/b|x=1|example.com|503|0.042|0.040|"
                + "www|web|dc1|10.0.0.1:80|1|log1|rid-9|-|curl/8|https://ref.example/|-|gold|5|1234|/a/bx|$\n");
    }

    @Test
    void timesUseMillisecondResolutionAndIsoUsesTheLocalOffset() {
        assertThat(Variables.seconds(1_999_999)).isEqualTo("0.001");
        assertThat(Variables.seconds(12_345_000_000L)).isEqualTo("12.345");
        assertThat(Variables.seconds(Timings.NOT_REACHED)).isNull();
        String iso = LogFormat.of("$time_iso8601", false).line(finished(), status(200)).strip();
        assertThat(Instant.from(DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(iso))).isEqualTo(Instant.ofEpochMilli(START));
    }

    @Test
    void jsonTimeHasMillisecondsForLogPipelines() {
        for (long at : new long[] {START, START + 7, START + 999, 0L, -1L}) {
            String iso = LogTime.iso8601Millis(at);
            assertThat(iso).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d)");
            assertThat(Instant.from(DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(iso))).isEqualTo(Instant.ofEpochMilli(at));
        }
        String line = LogFormat.of("json", false).line(finished(), status(200));
        assertThat(line).startsWith("{\"time\":\"" + LogTime.iso8601Millis(START) + "\",");
    }

    @Test
    void hostileValuesCannotBreakATextLine() {
        FakeRequest r = FakeRequest.of("GET", "/", "User-Agent", "a\"b\\c\nd\u0001\u00ff");
        assertThat(LogFormat.of("\"$user_agent\"", false).line(r, status(200)))
                .isEqualTo("\"a\\x22b\\x5cc\\x0ad\\x01\\xff\"\n");
    }

    @Test
    void jsonFormatEscapesAndTypesItsValues() {
        FakeRequest r = finished();
        r.head().fields().set("User-Agent", "x\"y\\z\n\u0001\ud800é");
        String line = LogFormat.of("json", false).line(r, status(200));
        assertThat(line).startsWith("{\"time\":\"").endsWith("}\n").doesNotContain("\n{");
        assertThat(line).contains("\"status\":200,").contains("\"request_time\":0.042,")
                .contains("\"uri\":\"/a/b\"").contains("\"error\":null").contains("\"retry_num\":1,")
                .contains("\"user_agent\":\"x\\\"y\\\\z\\n\\u0001\\ud800é\"");
    }

    @Test
    void jsonEscapedTemplatesWriteAbsentValuesAsNothing() {
        FakeRequest r = FakeRequest.of("GET", "/q\"", "X-A", "1");
        assertThat(LogFormat.of("{\"u\":\"$uri\",\"e\":\"$error\"}", true).line(r, status(200)))
                .isEqualTo("{\"u\":\"/q\\\"\",\"e\":\"\"}\n");
    }

    @Test
    void unknownVariablesAndLoneDollarsAreRejectedWhenCompiled() {
        assertThatThrownBy(() -> LogFormat.of("$nope", false)).hasMessageContaining("unknown variable $nope");
        assertThatThrownBy(() -> LogFormat.of("cost $ 5", false)).hasMessageContaining("lone $ at offset 5");
        assertThatThrownBy(() -> LogFormat.of("${uri", false)).hasMessageContaining("unclosed ${");
    }
}
