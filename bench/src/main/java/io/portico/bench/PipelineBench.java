package io.portico.bench;

import io.portico.balance.SmoothWeightedRoundRobin;
import io.portico.balance.SubclusterBalancer;
import io.portico.balance.SubclusterChoice;
import io.portico.http.HttpFields;
import io.portico.http.HttpVersion;
import io.portico.http.PathRules;
import io.portico.http.ProxyHeaders;
import io.portico.http.RequestEntry;
import io.portico.http.RequestHead;
import io.portico.http.ResponseHead;
import io.portico.http.UnderscoreNames;
import io.portico.http1.BodyFraming;
import io.portico.http1.FieldValues;
import io.portico.http1.Http1Framing;
import io.portico.http1.Http1HeadWriter;
import io.portico.http1.Http1Limits;
import io.portico.http1.Http1Parser;
import io.portico.io.ByteBuf;
import io.portico.io.ByteReader;
import io.portico.route.HostTable;
import io.portico.route.RouteRequest;
import io.portico.route.RouteTable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole per-request work of the proxy in memory, bytes in → bytes out, no sockets, no
 * modules, no body: parse the client's request head, route it (host table of 100 hosts →
 * product → 20 route rules, the match last), choose a sub-cluster (3 plus BLACKHOLE) and an
 * instance (smooth WRR over 10), build the upstream head (hop-by-hop removal and
 * X-Forwarded-*), write it, parse a canned backend response head, build and write the client
 * response head. Returns the bytes written. The steps follow the server's Forwarder and
 * Http1Exchange, including their per-request allocations; what the server does on top
 * (socket I/O, timeouts, metrics, module callbacks, access to the config snapshot) is not here.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Thread)
public class PipelineBench {
    private static final InetSocketAddress CLIENT = new InetSocketAddress("203.0.113.7", 52114);
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 8080);
    /** The client's address as text, made once per connection as the server's ConnectionInfo does. */
    private static final String CLIENT_IP = CLIENT.getAddress().getHostAddress();
    /** What the server's Forwarder passes as excluded before a try failed. */
    private static final Predicate<BenchEndpoint> NONE_TRIED = e -> false;

    /** A cluster as the server holds it: GSLB over sub-clusters, one instance balancer each. */
    record BenchCluster(SubclusterBalancer gslb, List<SmoothWeightedRoundRobin<BenchEndpoint>> subclusters,
                        IntPredicate available) {
    }

    private final ByteBuf upstreamBuf = new ByteBuf(4096);
    private final ByteBuf lineBuf = new ByteBuf(256);
    /** The client connection's and the backend connection's repeated field values, as the server keeps them. */
    private final FieldValues clientValues = new FieldValues();
    private final FieldValues backendValues = new FieldValues();
    private final ByteBuf clientBuf = new ByteBuf(4096);
    private ByteReader client;
    private ByteReader backend;
    private HostTable hosts;
    private Map<String, RouteTable> products;
    private Map<String, BenchCluster> clusters;

    @Setup
    public void setUp() {
        client = new ByteReader(new LoopingInput(Messages.bytes(Messages.BROWSER_GET)), new byte[16 * 1024]);
        backend = new ByteReader(new LoopingInput(Messages.bytes(Messages.RESPONSE_HEAD)), new byte[16 * 1024]);
        Map<String, String> hostKeys = new LinkedHashMap<>();
        products = new HashMap<>();
        for (int i = 0; i < 99; i++) {
            hostKeys.put("svc-" + i + ".example.com", "product-" + i);
            products.put("product-" + i, new RouteTable(RouteMatchBench.rules(20, "cluster-" + i)));
        }
        hostKeys.put("www.example.com", "www");
        products.put("www", new RouteTable(RouteMatchBench.rules(20, "web")));
        hosts = HostTable.build(hostKeys, null);
        clusters = new HashMap<>();
        SequencedMap<String, Integer> weights = new LinkedHashMap<>();
        weights.put("idc_a", 50);
        weights.put("idc_b", 30);
        weights.put("idc_c", 20);
        List<SmoothWeightedRoundRobin<BenchEndpoint>> subs = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            subs.add(SmoothWeightedRoundRobin.of(BalanceBench.endpoints(10)));
        }
        clusters.put("web", new BenchCluster(SubclusterBalancer.of(weights), subs, i -> true));
    }

    @Benchmark
    public long browserGetProxied() throws IOException {
        // client → proxy
        RequestHead request = Http1Parser.parseRequest(client, Http1Limits.DEFAULTS, lineBuf, clientValues);
        BodyFraming requestFraming = Http1Framing.request(request);
        boolean clientKeepAlive = Http1Framing.keepAlive(request);
        request = RequestEntry.admit(request, false, PathRules.DEFAULTS, UnderscoreNames.DROP, n -> { });
        long start = System.currentTimeMillis();
        RouteRequest route = new RouteRequest(request, CLIENT, CLIENT, LOCAL, false, start);
        String product = hosts.product(route.authority());
        String clusterName = products.get(product).cluster(route);
        BenchCluster cluster = clusters.get(clusterName);

        // proxy → upstream
        String host = request.fields().firstOrNull("Host");
        HttpFields fields = ProxyHeaders.upstreamRequest(request.fields(), CLIENT_IP, CLIENT_IP, false, host, false);
        fields.remove("Expect");
        RequestHead upstream = new RequestHead(request.method(), request.originForm(), HttpVersion.HTTP_1_1, fields);
        SubclusterChoice choice = cluster.gslb().pick(cluster.available());
        List<BenchEndpoint> tried = new ArrayList<>(0); // as the Forwarder: no backing array until a try fails
        long triedSubclusters = 0;
        if (!(choice instanceof SubclusterChoice.Chosen chosen) || !(requestFraming instanceof BodyFraming.NoBody)) {
            throw new IllegalStateException("unexpected " + choice + " / " + requestFraming);
        }
        triedSubclusters |= 1L << chosen.index();
        Optional<BenchEndpoint> instance = cluster.subclusters().get(chosen.index())
                .pick(tried.isEmpty() ? NONE_TRIED : tried::contains);
        upstreamBuf.reset();
        Http1HeadWriter.writeRequest(upstream, upstreamBuf);

        // upstream → proxy
        ResponseHead backendHead = Http1Parser.parseResponse(backend, Http1Limits.DEFAULTS, lineBuf, backendValues);
        BodyFraming responseFraming = Http1Framing.response(request.method(), backendHead);
        boolean backendKeepAlive = Http1Framing.keepAlive(backendHead);

        // proxy → client
        HttpFields out = ProxyHeaders.endToEnd(backendHead.fields());
        if (responseFraming instanceof BodyFraming.FixedLength fixed) {
            out.add("Content-Length", ProxyHeaders.contentLength(backendHead.fields(), fixed.length()));
        }
        if (!clientKeepAlive) {
            out.set("Connection", "close");
        }
        clientBuf.reset();
        Http1HeadWriter.writeResponse(new ResponseHead(HttpVersion.HTTP_1_1, backendHead.status(), backendHead.reason(), out), clientBuf);
        return upstreamBuf.length() + clientBuf.length() + (backendKeepAlive && instance.isPresent() ? 0 : 1);
    }
}
