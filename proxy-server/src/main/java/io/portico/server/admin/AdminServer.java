package io.portico.server.admin;

import io.portico.config.AdminConfig;
import io.portico.config.ConfigError;
import io.portico.config.ConfigException;
import io.portico.http.HttpFields;
import io.portico.server.admin.AdminExchange.Request;
import io.portico.server.admin.AdminExchange.Response;
import io.portico.server.listen.AcceptBackoff;
import io.portico.server.snapshot.LoadedModules;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin (monitor and control) port: {@code GET /healthz}, {@code /readyz}, {@code /metrics},
 * {@code /status}, {@code POST /reload}. Off the data path, so plain blocking sockets: one virtual
 * thread accepts, one virtual thread per connection ({@link AdminConnection}), under the same
 * header, idle and body limits as the data path so slow or garbage clients cannot hold it. The
 * token is read from the config in service on each request, so a reload that sets or changes it
 * takes effect at once.
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);

    private final ServerSocket listening;
    private final ServerView server;
    private final AcceptBackoff backoff;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closing;

    private AdminServer(ServerSocket listening, ServerView server) {
        this.listening = listening;
        this.server = server;
        this.backoff = new AcceptBackoff("admin", LOG, server.metrics().acceptFailures);
    }

    /** Binds the admin address and starts serving; an address in use is named in the exception. */
    public static AdminServer start(AdminConfig config, ServerView server) throws IOException {
        ServerSocket listening = new ServerSocket();
        try {
            listening.setReuseAddress(true);
            listening.bind(new InetSocketAddress(config.host(), config.port()), 64);
        } catch (IOException e) {
            listening.close();
            if (e instanceof BindException) {
                throw new BindException("admin: " + config.host() + ":" + config.port() + ": "
                        + String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT));
            }
            throw e;
        }
        AdminServer admin = new AdminServer(listening, server);
        Thread.ofVirtual().name("admin-accept").start(admin::acceptLoop);
        LOG.debug("admin on {}", admin.address());
        return admin;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) listening.getLocalSocketAddress();
    }

    private void acceptLoop() {
        while (!closing) {
            Socket socket;
            try {
                socket = listening.accept();
            } catch (IOException e) {
                if (closing || listening.isClosed()) {
                    return;
                }
                backoff.failed(e);
                continue;
            }
            backoff.succeeded();
            open.add(socket);
            if (closing) {
                closeQuietly(socket);
            }
            Thread.ofVirtual().name("admin-conn").start(() -> {
                try {
                    new AdminConnection(socket, () -> server.snapshot().settings(), this::handle).serve();
                } finally {
                    open.remove(socket);
                }
            });
        }
    }

    /** One admin request; whatever fails inside it is a 500 for it alone. */
    Response handle(Request req) {
        try {
            String method = req.method();
            return switch (req.path()) {
                case "/healthz" -> get(method, 200, "text/plain; charset=utf-8", "ok\n");
                case "/readyz" -> readiness(method);
                case "/metrics" -> get(method, 200, "text/plain; version=0.0.4; charset=utf-8", MetricsText.render(server));
                case "/status" -> get(method, 200, "application/json", StatusJson.render(server));
                case "/reload" -> reload(method, req.fields());
                default -> Response.text(404, "not found\n");
            };
        } catch (RuntimeException e) {
            LOG.warn("admin {} {} failed: {}", req.method(), req.path(), e.toString());
            return Response.text(500, "internal error\n");
        }
    }

    /** Ready for clients: not while draining, nor while the warm-up waits for quiet or runs. */
    private Response readiness(String method) {
        String state = server.stopping() ? "draining\n" : server.warmingUp() ? "warming up\n" : "ready\n";
        return get(method, state.equals("ready\n") ? 200 : 503, "text/plain; charset=utf-8", state);
    }

    private static Response get(String method, int status, String type, String body) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return Response.text(405, "method not allowed\n", "Allow", "GET, HEAD");
        }
        return new Response(status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private Response reload(String method, HttpFields fields) {
        if (!method.equals("POST")) {
            return Response.text(405, "method not allowed\n", "Allow", "POST");
        }
        if (!authorized(server.snapshot().config().admin().token(), fields.firstOrNull("Authorization"))) {
            return Response.text(401, "unauthorized\n", "WWW-Authenticate", "Bearer");
        }
        try {
            long version = server.reload();
            return Response.text(200, "reloaded: config version " + version + "\n");
        } catch (ConfigException e) {
            List<String> errors = e.errors().stream().map(ConfigError::toString).toList();
            LOG.warn("reload refused: {} errors; config version {} keeps serving: {}", errors.size(),
                    server.snapshot().version(), String.join("; ", errors));
            return Response.text(400, lines(errors));
        } catch (LoadedModules.ModuleConfigException e) {
            LOG.warn("reload refused: {} module errors; config version {} keeps serving: {}", e.lines().size(),
                    server.snapshot().version(), String.join("; ", e.lines()));
            return Response.text(400, lines(e.lines()));
        } catch (IllegalArgumentException e) {
            LOG.warn("reload refused: {}; config version {} keeps serving", e.getMessage(), server.snapshot().version());
            return Response.text(400, e.getMessage() + "\n");
        }
    }

    /**
     * Whether {@code authorization} carries the token: {@code Bearer <token>}, the scheme in any
     * case (RFC 9110 §11.1), one or more spaces before the token, which is compared in constant time.
     */
    static boolean authorized(Optional<String> token, String authorization) {
        if (token.isEmpty() || token.get().isEmpty()) {
            return true;
        }
        if (authorization == null || authorization.length() < 8 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        int at = 7;
        while (at < authorization.length() && authorization.charAt(at) == ' ') {
            at++;
        }
        return MessageDigest.isEqual(token.get().getBytes(StandardCharsets.UTF_8),
                authorization.substring(at).getBytes(StandardCharsets.UTF_8));
    }

    private static String lines(List<String> lines) {
        return String.join("\n", lines) + "\n";
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** Stops accepting and closes every admin connection. */
    @Override
    public void close() {
        closing = true;
        try {
            listening.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        open.forEach(AdminServer::closeQuietly);
    }
}
