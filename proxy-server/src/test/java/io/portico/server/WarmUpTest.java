package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code [server] warm_up}: loopback traffic through a proxy of its own while no client has come. */
class WarmUpTest {
    private static final Path NO_KEYTOOL = Path.of("/nonexistent/keytool");

    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private TestBackend backend;
    private TestProxy proxy;

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    private WarmUp warmUp(Duration length, boolean tls, Path keytool) {
        return new WarmUp(length, tls, connections::get, requests::get, stopping::get, keytool, WarmUp.MAX_WAIT_NANOS);
    }

    private static CompletableFuture<WarmUp.Outcome> running(WarmUp w) {
        return CompletableFuture.supplyAsync(w::run, r -> Thread.ofVirtual().start(r));
    }

    @Test
    void withNoClientItRunsItsWholeLengthAfterASecondOfQuiet() {
        long start = System.nanoTime();
        WarmUp w = warmUp(Duration.ofSeconds(2), false, NO_KEYTOOL);

        assertThat(w.run()).isEqualTo(WarmUp.Outcome.DONE);

        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        // the quiet second, then two of traffic (and the JIT's drain, at most 15 s twice: a sanity bound)
        assertThat(ms).isBetween(2_900L, 40_000L);
        assertThat(w.outcome()).isEqualTo(WarmUp.Outcome.DONE);
    }

    @Test
    void aClientKeepsItWaitingAndOneThatComesLaterEndsItAtOnce() throws Exception {
        WarmUp w = warmUp(Duration.ofSeconds(60), false, NO_KEYTOOL);
        CompletableFuture<WarmUp.Outcome> outcome = running(w);
        // A request every 100 ms: never a quiet second, so it does not begin.
        for (int i = 0; i < 25; i++) {
            Thread.sleep(100);
            requests.incrementAndGet();
        }
        assertThat(w.began()).isFalse();
        Wait.until(w::began, "the warm-up to begin after a quiet second");
        Thread.sleep(300); // well into its traffic

        long came = System.nanoTime();
        connections.incrementAndGet();

        assertThat(outcome.get(10, TimeUnit.SECONDS)).isEqualTo(WarmUp.Outcome.CLIENT_CAME);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - came)).isLessThan(5_000);
    }

    @Test
    void aProxyThatStopsEndsItWhileWaitingAndWhileRunning() throws Exception {
        WarmUp waiting = warmUp(Duration.ofSeconds(60), false, NO_KEYTOOL);
        CompletableFuture<WarmUp.Outcome> first = running(waiting);
        Thread.sleep(200);
        stopping.set(true);
        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(WarmUp.Outcome.STOPPED);
        assertThat(waiting.began()).isFalse();

        stopping.set(false);
        WarmUp runningOne = warmUp(Duration.ofSeconds(60), false, NO_KEYTOOL);
        CompletableFuture<WarmUp.Outcome> second = running(runningOne);
        Wait.until(runningOne::began, "the warm-up to begin");
        stopping.set(true);
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(WarmUp.Outcome.STOPPED);
    }

    @Test
    void clientsThatNeverLeaveAQuietSecondMeanNoWarmUp() throws Exception {
        WarmUp w = new WarmUp(Duration.ofSeconds(60), false, connections::get, requests::get, stopping::get, NO_KEYTOOL,
                TimeUnit.SECONDS.toNanos(2));
        CompletableFuture<WarmUp.Outcome> outcome = running(w);
        while (!outcome.isDone()) {
            Thread.sleep(100);
            connections.incrementAndGet();
        }
        assertThat(outcome.get()).isEqualTo(WarmUp.Outcome.NO_QUIET);
        assertThat(w.began()).isFalse();
    }

    @Test
    void aProxyWarmedByItsOwnTrafficGetsNone() {
        requests.set(WarmUp.WARM_REQUESTS);
        assertThat(warmUp(Duration.ofSeconds(60), false, NO_KEYTOOL).run()).isEqualTo(WarmUp.Outcome.WARM_BY_TRAFFIC);
    }

    @Test
    void aKeytoolThatFailsIsOneFailureAndNothingElse() {
        // TLS is served, so its certificates are made first; /bin/false makes none.
        assertThat(warmUp(Duration.ofSeconds(2), true, Path.of("/bin/false")).run()).isEqualTo(WarmUp.Outcome.FAILED);
    }

    @Test
    void theServerWarmsUpOnlyWhenAskedIsNotReadyMeanwhileAndServesAClientAtOnce() throws Exception {
        backend = TestBackend.answering("x");
        String admin = "[admin]\naddress = \"127.0.0.1:0\"\n";
        proxy = TestProxy.start(admin + TestProxy.oneCluster("", backend));
        assertThat(proxy.server().warmUp()).isNull();
        assertThat(readyz()).isEqualTo("200 ready\n");
        proxy.close();

        proxy = TestProxy.start(admin + TestProxy.oneCluster("", backend).replace("[server]\n", "[server]\nwarm_up = \"60s\"\n"));
        WarmUp w = proxy.server().warmUp();
        assertThat(readyz()).isEqualTo("503 warming up\n"); // waiting for a quiet second
        Wait.until(w::began, "the warm-up to begin");
        Thread.sleep(300);
        assertThat(readyz()).isEqualTo("503 warming up\n"); // the admin port is not a client

        assertThat(proxy.get("/").statusCode()).isEqualTo(200);

        Wait.until(() -> w.outcome() == WarmUp.Outcome.CLIENT_CAME, "the client to end the warm-up");
        assertThat(readyz()).isEqualTo("200 ready\n");
        // Its own requests went through its own proxy: this one counts only the client's.
        assertThat(proxy.server().metrics().requests.sum()).isEqualTo(1);
    }

    private String readyz() throws Exception {
        int port = proxy.server().adminAddress().orElseThrow().getPort();
        java.net.http.HttpResponse<String> r = proxy.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/readyz")));
        return r.statusCode() + " " + r.body();
    }

    @Test
    void shutdownDuringAWarmUpIsPrompt() throws Exception {
        backend = TestBackend.answering("x");
        proxy = TestProxy.start(TestProxy.oneCluster("", backend).replace("[server]\n", "[server]\nwarm_up = \"60s\"\n"));
        WarmUp w = proxy.server().warmUp();
        Wait.until(w::began, "the warm-up to begin");

        long start = System.nanoTime();
        assertThat(proxy.server().shutdown()).isTrue();
        Wait.until(() -> w.outcome() == WarmUp.Outcome.STOPPED, "the warm-up to stop");

        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
    }
}
