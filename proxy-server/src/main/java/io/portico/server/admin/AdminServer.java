package io.portico.server.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.portico.config.AdminConfig;
import io.portico.config.ConfigError;
import io.portico.config.ConfigException;
import io.portico.server.snapshot.LoadedModules;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin (monitor and control) port: {@code GET /healthz}, {@code /readyz}, {@code /metrics},
 * {@code /status}, {@code POST /reload}. Off the data path, so it uses the JDK's small HTTP
 * server; one virtual thread per admin request.
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);

    private final HttpServer http;
    private final ServerView server;
    private final byte[] token;

    private AdminServer(HttpServer http, ServerView server, byte[] token) {
        this.http = http;
        this.server = server;
        this.token = token;
    }

    public static AdminServer start(AdminConfig config, ServerView server) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 64);
        AdminServer admin = new AdminServer(http, server,
                config.token().map(t -> ("Bearer " + t).getBytes(StandardCharsets.UTF_8)).orElse(null));
        http.createContext("/", admin::handle);
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        http.start();
        LOG.debug("admin on {}", admin.address());
        return admin;
    }

    public InetSocketAddress address() {
        return http.getAddress();
    }

    /** One admin request; package-private so a test can drive its failure path. */
    void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String request = "request";
            try {
                String method = ex.getRequestMethod();
                String path = ex.getRequestURI().getPath();
                request = method + " " + path;
                switch (path) {
                    case "/healthz" -> get(ex, method, 200, "text/plain; charset=utf-8", "ok\n");
                    case "/readyz" -> get(ex, method, server.stopping() ? 503 : 200, "text/plain; charset=utf-8",
                            server.stopping() ? "draining\n" : "ready\n");
                    case "/metrics" -> get(ex, method, 200, "text/plain; version=0.0.4; charset=utf-8",
                            MetricsText.render(server));
                    case "/status" -> get(ex, method, 200, "application/json", StatusJson.render(server));
                    case "/reload" -> reload(ex, method);
                    default -> send(ex, 404, "text/plain; charset=utf-8", "not found\n");
                }
            } catch (RuntimeException e) {
                // Inside the exchange, so the 500 goes out before it closes; what the request was is
                // known only if reading it did not fail, so it is never read again here.
                LOG.warn("admin {} failed: {}", request, e.toString());
                send(ex, 500, "text/plain; charset=utf-8", "internal error\n");
            }
        }
    }

    private void get(HttpExchange ex, String method, int status, String type, String body) throws IOException {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            ex.getResponseHeaders().set("Allow", "GET, HEAD");
            send(ex, 405, "text/plain; charset=utf-8", "method not allowed\n");
            return;
        }
        send(ex, status, type, body);
    }

    private void reload(HttpExchange ex, String method) throws IOException {
        if (!method.equals("POST")) {
            ex.getResponseHeaders().set("Allow", "POST");
            send(ex, 405, "text/plain; charset=utf-8", "method not allowed\n");
            return;
        }
        if (!authorized(ex)) {
            ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            send(ex, 401, "text/plain; charset=utf-8", "unauthorized\n");
            return;
        }
        try {
            long version = server.reload();
            send(ex, 200, "text/plain; charset=utf-8", "reloaded: config version " + version + "\n");
        } catch (ConfigException e) {
            LOG.warn("reload refused: {} errors; config version {} keeps serving: {}", e.errors().size(),
                    server.snapshot().version(), String.join("; ", e.errors().stream().map(ConfigError::toString).toList()));
            send(ex, 400, "text/plain; charset=utf-8", lines(e.errors().stream().map(ConfigError::toString).toList()));
        } catch (LoadedModules.ModuleConfigException e) {
            LOG.warn("reload refused: {} module errors; config version {} keeps serving: {}", e.lines().size(),
                    server.snapshot().version(), String.join("; ", e.lines()));
            send(ex, 400, "text/plain; charset=utf-8", lines(e.lines()));
        } catch (IllegalArgumentException e) {
            LOG.warn("reload refused: {}; config version {} keeps serving", e.getMessage(), server.snapshot().version());
            send(ex, 400, "text/plain; charset=utf-8", e.getMessage() + "\n");
        }
    }

    private boolean authorized(HttpExchange ex) {
        if (token == null) {
            return true;
        }
        String given = ex.getRequestHeaders().getFirst("Authorization");
        return given != null && MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
    }

    private static String lines(List<String> lines) {
        return String.join("\n", lines) + "\n";
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : b.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        }
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
