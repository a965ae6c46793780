package io.portico.server;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * Two tiny loopback backends for {@code ./portico demo}, so the quickstart shows forwarding
 * with nothing else installed. Each answers every request with its own name.
 */
final class DemoBackends implements AutoCloseable {
    private final List<HttpServer> servers = new ArrayList<>();

    static DemoBackends start(int... ports) throws IOException {
        DemoBackends d = new DemoBackends();
        try {
            for (int port : ports) {
                d.servers.add(serve(port));
            }
        } catch (IOException e) {
            d.close();
            throw e;
        }
        return d;
    }

    private static HttpServer serve(int port) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 128);
        String name = "demo-backend-" + port;
        s.createContext("/", exchange -> {
            byte[] body = ("hello from " + name + ": " + exchange.getRequestMethod() + " "
                    + exchange.getRequestURI() + "\n").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.getResponseHeaders().set("X-Backend", name);
            exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        s.start();
        return s;
    }

    @Override
    public void close() {
        for (HttpServer s : servers) {
            s.stop(0);
        }
    }
}
